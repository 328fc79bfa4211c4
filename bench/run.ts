/**
 * `npm run bench [-- --quick]`: the bridge and its peers side by side on this machine, in one run. Each server runs
 * alone on its own loopback port (started, measured, stopped in turn, so they never share the two cores); load
 * comes from this process with autocannon at fixed concurrency for a bounded time; CPU per request comes from
 * the server processes' own counters in /proc. Prints a table and writes bench/results/latest.json.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cpuSpent, sampleCpu } from "./lib/cpu";
import { ensureInstalled } from "./lib/install";
import { runLoad } from "./lib/load";
import { type BenchSecrets, githubPush, type SignedRequest, slackJobs, studioJobStatus } from "./lib/payloads";
import { freePort, killAll, type Server, startServer } from "./lib/processes";
import {
  goals,
  type Measurement,
  PEERS,
  type Results,
  ratios,
  round,
  type ScenarioName,
  type ServerName,
  table,
} from "./lib/report";
import { bundleSize, startupProfile } from "./lib/wrangler";

const quick = process.argv.includes("--quick");
const settings = { connections: 10, duration_s: quick ? 3 : 15, warmup_s: quick ? 1 : 3, settle_s: quick ? 1 : 3 };
const benchDir = import.meta.dirname;
const root = resolve(benchDir, "..");
const wranglerBin = join(root, "node_modules/.bin/wrangler");
const node = process.execPath;

// Bounded in time, whatever hangs: every server this run started is killed and the run fails.
const watchdog = setTimeout(
  () => {
    console.error("bench: time limit reached; stopping every server it started");
    killAll();
    process.exit(1);
  },
  (quick ? 170 : 1200) * 1000,
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

ensureInstalled(benchDir);
const autocannon = createRequire(join(benchDir, "package.json"))("autocannon");

const secret = () => randomBytes(24).toString("hex");
const secrets: BenchSecrets = {
  GITHUB_WEBHOOK_SECRET: secret(),
  SLACK_SIGNING_SECRET: secret(),
  SLACK_BOT_TOKEN: `xoxb-bench-${secret()}`,
  STUDIO_WEBHOOK_SECRET: secret(),
};
const workdir = mkdtempSync(join(tmpdir(), "studio-bridge-bench-"));

/** A temporary env file for `wrangler dev --env-file`, so no .dev.vars is read or written. */
function envFile(name: string, vars: Record<string, string>): string {
  const path = join(workdir, `${name}.env`);
  writeFileSync(
    path,
    `${Object.entries(vars)
      .map(([key, value]) => `${key}=${value}`)
      .join("\n")}\n`,
  );
  return path;
}

/** `wrangler dev` on loopback with temp state and a temp env file; its request log off, as in production. */
async function wranglerDev(name: ServerName, config: string, vars: Record<string, string>): Promise<Server> {
  const [port, inspector] = [await freePort(), await freePort()];
  const args = ["dev", "--config", config, "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--inspector-port", String(inspector), "--persist-to", join(workdir, `${name}-state`));
  args.push("--env-file", envFile(name, vars), "--show-interactive-dev-session=false", "--log-level", "warn");
  return await startServer(name, wranglerBin, args, { cwd: root, readyUrl: `http://127.0.0.1:${port}/healthz` });
}

/** A Node peer run directly by Node 22 (type stripping), with its dependencies from bench/node_modules. */
async function nodePeer(name: ServerName, vars: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const entry = join(benchDir, "peers", name, "index.ts");
  return await startServer(name, node, [entry], {
    env: { ...vars, PORT: String(port), NODE_ENV: "production" },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
  });
}

const measurements: Measurement[] = [];
const servers: Results["servers"] = {};
const pause = (seconds: number) => new Promise((done) => setTimeout(done, seconds * 1000));
const sum = (byProcess: Record<string, number>, counted: string[]) =>
  counted.reduce((total, command) => total + (byProcess[command] ?? 0), 0);

/** Warm up, then one measured run with CPU sampled around it, then a settle period for work left queued. */
async function measure(server: Server, scenario: ScenarioName, counted: string[], next: () => SignedRequest) {
  await runLoad(autocannon, server.url, next, { connections: settings.connections, durationS: settings.warmup_s });
  await pause(settings.settle_s);
  const port = Number(new URL(server.url).port);
  const before = sampleCpu(server.pid, port);
  const load = await runLoad(autocannon, server.url, next, {
    connections: settings.connections,
    durationS: settings.duration_s,
  });
  const after = sampleCpu(server.pid, port);
  await pause(settings.settle_s);
  const settled = sampleCpu(server.pid, port);
  const cpuByProcess = Object.fromEntries(Object.entries(cpuSpent(before, after)).map(([k, v]) => [k, round(v, 1)]));
  const measurement: Measurement = {
    scenario,
    server: server.name as ServerName,
    ...load,
    cpuMsPerRequest: sum(cpuByProcess, counted) / load.requests,
    cpuCounted: counted,
    cpuByProcess,
    cpuAfterLoadMs: round(sum(cpuSpent(after, settled), counted), 1),
  };
  measurements.push(measurement);
  const mix = Object.entries(load.status)
    .map(([code, count]) => `${code}:${count}`)
    .join(" ");
  console.log(
    `  ${scenario.padEnd(18)} ${server.name.padEnd(16)} ${round(load.rps, 0)} req/s  status ${mix || "none"}`,
  );
}

async function withServer(
  start: () => Promise<Server>,
  counted: string[],
  note: string,
  run: (s: Server) => Promise<void>,
) {
  const server = await start();
  servers[server.name] = { ready_ms: Math.round(server.readyMs), processes_counted: counted, note };
  try {
    await run(server);
  } catch (error) {
    console.error(server.output());
    throw error;
  } finally {
    await server.stop();
  }
}

const WORKERD = ["workerd"];
const NODE = ["node"];
const wranglerNote =
  "ready_ms: spawn of `wrangler dev` to first answer on /healthz (bundling, workerd start, Worker start)";
const nodeNote = "ready_ms: spawn of node to first answer on /healthz";
const responseUrl = (base: string) => `${base}/slack/response/bench`;

console.log(
  `studio-bridge bench (${quick ? "quick" : "full"}): c=${settings.connections}, ${settings.duration_s}s per run`,
);

console.log("bundle and start-up (wrangler deploy --dry-run, wrangler check startup) ...");
const workerConfigs = {
  bridge: join(root, "wrangler.toml"),
  "hono-ceiling": join(benchDir, "peers/hono-ceiling/wrangler.toml"),
  "slack-cf-workers": join(benchDir, "peers/slack-cf-workers/wrangler.toml"),
};
const bundle: Results["bundle"] = {};
const startup: Results["startup"] = {};
for (const [name, config] of Object.entries(workerConfigs)) {
  bundle[name] = await bundleSize(wranglerBin, config, root);
  startup[name] = await startupProfile(wranglerBin, config, root);
}

console.log("load runs ...");
const fakeStudio = "http://127.0.0.1:9";
await withServer(
  () => wranglerDev("hono-ceiling", workerConfigs["hono-ceiling"], {}),
  WORKERD,
  wranglerNote,
  async (server) => {
    await measure(server, "github_push", WORKERD, githubPush(secrets));
    await measure(server, "slack_jobs", WORKERD, slackJobs(secrets, responseUrl(fakeStudio)));
    await measure(server, "studio_job_webhook", WORKERD, studioJobStatus(secrets, fakeStudio));
  },
);

const emulatorPort = await freePort();
const emulator = await startServer("studio-emulator", "npm", ["run", "--silent", "emulator"], {
  cwd: root,
  env: { PORT: String(emulatorPort) },
  readyUrl: `http://127.0.0.1:${emulatorPort}/`,
});
const emulatorBefore = sampleCpu(emulator.pid);
let emulatorCpuMs: number | null = null;
try {
  const studio = emulator.url;
  const bridgeVars = {
    ...secrets,
    DATACHAIN_STUDIO_URL: studio,
    DATACHAIN_STUDIO_TOKEN: "dev-token",
    DATACHAIN_STUDIO_TEAM: "dev-team",
    GITHUB_API_URL: `${studio}/github`,
    SLACK_API_URL: `${studio}/slack/api`,
    GITHUB_TOKEN: `bench-github-${secret()}`,
    BRIDGE_ADMIN_TOKEN: secret(),
  };
  await withServer(
    () => wranglerDev("bridge", workerConfigs.bridge, bridgeVars),
    WORKERD,
    `${wranglerNote}; includes the [build] command (npm run build:config)`,
    async (server) => {
      await measure(server, "github_push", WORKERD, githubPush(secrets));
      await measure(server, "slack_jobs", WORKERD, slackJobs(secrets, responseUrl(studio)));
      await measure(server, "studio_job_webhook", WORKERD, studioJobStatus(secrets, studio));
    },
  );
  emulatorCpuMs = round(
    Object.values(cpuSpent(emulatorBefore, sampleCpu(emulator.pid))).reduce((a, b) => a + b, 0),
    0,
  );
} finally {
  await emulator.stop();
}

await withServer(
  () => nodePeer("probot", secrets as unknown as Record<string, string>),
  NODE,
  nodeNote,
  (server) => measure(server, "github_push", NODE, githubPush(secrets)),
);
await withServer(
  () => nodePeer("bolt", secrets as unknown as Record<string, string>),
  NODE,
  nodeNote,
  (server) => measure(server, "slack_jobs", NODE, slackJobs(secrets, responseUrl(fakeStudio))),
);
await withServer(
  () => wranglerDev("slack-cf-workers", workerConfigs["slack-cf-workers"], { ...secrets }),
  WORKERD,
  wranglerNote,
  (server) => measure(server, "slack_jobs", WORKERD, slackJobs(secrets, responseUrl(fakeStudio))),
);

const results: Results = {
  generated_at: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "unknown",
    node: process.version,
    wrangler: execFileSync(wranglerBin, ["--version"], { env: { ...process.env, WRANGLER_SEND_METRICS: "false" } })
      .toString()
      .trim(),
  },
  settings,
  servers,
  measurements,
  ratios: ratios(measurements),
  bundle,
  startup,
  emulator_cpu_ms: emulatorCpuMs,
  cron: "not measured in this run",
  goals: goals(measurements, bundle),
};
mkdirSync(join(benchDir, "results"), { recursive: true });
writeFileSync(join(benchDir, "results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);

const bridgeRps = (scenario: ScenarioName) =>
  measurements.find((m) => m.scenario === scenario && m.server === "bridge")?.rps;
const rows = measurements
  .toSorted((a, b) => Object.keys(PEERS).indexOf(a.scenario) - Object.keys(PEERS).indexOf(b.scenario))
  .map((m) => {
    const bridge = bridgeRps(m.scenario);
    return [
      m.scenario,
      m.server,
      String(Math.round(m.rps)),
      m.p50Ms.toFixed(2),
      m.p99Ms.toFixed(2),
      m.cpuMsPerRequest.toFixed(3),
      Object.entries(m.status)
        .map(([code, count]) => `${code}:${count}`)
        .join(" ") + (m.errors ? ` err:${m.errors}` : ""),
      m.server === "bridge" || bridge === undefined ? "-" : `${(bridge / m.rps).toFixed(2)}x`,
    ];
  });
console.log(
  `\n${table(["scenario", "server", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "status", "bridge req/s ÷ this"], rows)}`,
);
console.log(
  `\n${table(
    ["worker", "upload KiB", "gzip KiB", "startup CPU ms", "wrangler dev ready ms"],
    Object.keys(bundle).map((name) => [
      name,
      String(bundle[name]?.totalKiB),
      String(bundle[name]?.gzipKiB),
      String(startup[name]?.activeMs),
      String(servers[name]?.ready_ms ?? "-"),
    ]),
  )}`,
);
console.log(
  `\n${table(
    ["goal", "measured", "met"],
    results.goals.map((goal) => [goal.goal, goal.figure, String(goal.met)]),
  )}`,
);
for (const m of measurements.filter((m) => m.server === "bridge" && !("202" in m.status || "200" in m.status))) {
  console.log(`note: the bridge answered ${Object.keys(m.status).join("/")} to ${m.scenario}: is its route merged?`);
}
console.log(`\ncron: ${results.cron}. Written: bench/results/latest.json`);
clearTimeout(watchdog);
