/**
 * `npm run bench:profile [-- <scenario>...] [--seconds N] [--connections N]`: where the bridge's CPU goes per
 * scenario. The deploy bundle, built unminified so functions keep their names, runs on plain workerd with its
 * inspector on loopback; the Studio emulator runs beside it; autocannon loads one scenario at a time while V8's
 * sampling profiler records. Prints the top functions by self and by inclusive time, and writes each profile to
 * bench/results/<scenario>.cpuprofile (open it in Chrome DevTools or VS Code).
 *
 * `--cpu-only` skips the profiler and prints the figures alone; `--worker <dir>` bundles the bridge from another
 * checkout (a `git worktree` of an earlier commit, with its own `npm ci`), for before/after comparisons on the
 * same harness and emulator.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../scripts/lib/processes";
import { sampleCpu, totalCpu } from "./lib/cpu";
import { type CpuProfile, inspectorSession, type ProfileLine, summarize } from "./lib/inspector";
import { ensureInstalled } from "./lib/install";
import { runLoad } from "./lib/load";
import { bridgeVars, freshSecrets, githubPush, type SignedRequest, slackJobs, studioJobStatus } from "./lib/payloads";
import { boundRun, pinSelf, startEmulator, startServer } from "./lib/processes";
import { round, table } from "./lib/report";
import { workerdConfig } from "./lib/workerd";
import { bundleSize } from "./lib/wrangler";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "10" },
    // Only the figures (req/s, CPU per request), without the profiler's own overhead: for before/after checks.
    "cpu-only": { type: "boolean", default: false },
    worker: { type: "string" },
  },
});
const cpuOnly = values["cpu-only"];
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const benchDir = import.meta.dirname;
const root = resolve(benchDir, "..");
const bin = (name: string) => join(root, "node_modules/.bin", name);
const workerRoot = resolve(values.worker ?? root);

const liftBound = boundRun("bench:profile", 600);

ensureInstalled(benchDir);
// The Worker on its own core, this process (load) and the emulator on the other, as `npm run bench` does.
const pinned = cpus().length >= 2 && pinSelf("0");
const autocannon = createRequire(join(benchDir, "package.json"))("autocannon");
const secrets = freshSecrets();
const workdir = mkdtempSync(join(tmpdir(), "studio-bridge-profile-"));

const emulator = await startEmulator(root, pinned ? "0" : undefined);
const studio = emulator.url;
const scenarios: Record<string, () => SignedRequest> = {
  github_push: githubPush(secrets),
  slack_jobs: slackJobs(secrets, `${studio}/slack/response/bench`),
  studio_job_webhook: studioJobStatus(secrets, studio),
};
const chosen = positionals.length > 0 ? positionals : Object.keys(scenarios);
for (const name of chosen) if (!scenarios[name]) throw new Error(`unknown scenario ${name}`);

try {
  console.log(`building the bridge's deploy bundle from ${workerRoot}, unminified ...`);
  const bundleDir = join(workdir, "bundle");
  await bundleSize(bin("wrangler"), join(workerRoot, "wrangler.toml"), workerRoot, bundleDir, ["--minify=false"]);
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const config = workerdConfig({
    dir: join(workdir, "workerd"),
    bundleDir,
    port,
    compatibilityDate: "2026-11-01",
    vars: bridgeVars(secrets, studio),
    kv: ["BRIDGE_KV"],
    queues: ["ACTIONS"],
  });
  const bridge = await startServer(
    "bridge",
    bin("workerd"),
    ["serve", config, ...(cpuOnly ? [] : [`--inspector-addr=127.0.0.1:${inspectorPort}`])],
    { readyUrl: `http://127.0.0.1:${port}/healthz`, cpus: pinned ? "1" : undefined },
  );
  const session = cpuOnly ? undefined : await inspectorSession(`ws://127.0.0.1:${inspectorPort}/main`);
  await session?.send("Profiler.enable");
  await session?.send("Profiler.setSamplingInterval", { interval: 100 });
  mkdirSync(join(benchDir, "results"), { recursive: true });
  const figure = (line: ProfileLine) => [
    line.function,
    String(round(line.selfShare * 100, 1)),
    String(round(line.totalShare * 100, 1)),
  ];
  for (const name of chosen) {
    const next = scenarios[name] as () => SignedRequest;
    await runLoad(autocannon, bridge.url, next, { connections, durationS: 1 });
    const before = sampleCpu(bridge.pid);
    await session?.send("Profiler.start");
    const load = await runLoad(autocannon, bridge.url, next, { connections, durationS: seconds });
    const cpuMs = totalCpu(before, sampleCpu(bridge.pid));
    const status = Object.entries(load.status).map(([code, count]) => `${code}:${count}`);
    const figures = `${Math.round(load.rps)} req/s (${status.join(" ")}), p99 ${round(load.p99Ms, 2)} ms, workerd CPU ${round(cpuMs / load.requests, 3)} ms/req`;
    if (!session) {
      console.log(`${name}: ${figures}`);
      continue;
    }
    const { profile } = await session.send<{ profile: CpuProfile }>("Profiler.stop");
    const path = join(benchDir, "results", `${name}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    const summary = summarize(profile);
    console.log(
      `\n${name}: ${figures} (profiler on), JavaScript busy ${round(summary.busyMs / load.requests, 3)} ms/req; written: ${path}`,
    );
    console.log(table(["by self time", "self %", "inclusive %"], summary.bySelf.map(figure)));
    console.log(table(["by inclusive time", "self %", "inclusive %"], summary.byTotal.map(figure)));
  }
  session?.close();
  await bridge.stop();
} finally {
  await emulator.stop();
  rmSync(workdir, { recursive: true, force: true });
  liftBound();
}
