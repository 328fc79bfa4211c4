/**
 * Cron cost (issue scenario 3): a real `wrangler dev` bridge whose local KV is seeded with N tracked runs that the
 * emulator holds RUNNING, then cron ticks fired through `/__scheduled`: Studio requests per tick from the
 * emulator's own request log, CPU per tick from the Worker's workerd process counters (which also run Miniflare's
 * KV simulation), and where the Worker's isolate spends it from a sampling profile taken through wrangler's
 * inspector. KV operations cannot be counted from outside `wrangler dev`; they are asserted in
 * test/tracking/scale.test.ts.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../scripts/lib/processes";

import { summaryOf, TrackedRun } from "../../src/tracking/run";
import { cpuSpent, sampleCpu, totalCpu } from "./cpu";
import { type CpuProfile, inspectorSession, summarize } from "./inspector";
import { type BenchSecrets, bridgeVars } from "./payloads";
import { type Server, startEmulator, startServer } from "./processes";
import { type CronFigure, round } from "./report";
import { workerdConfig } from "./workerd";

interface CronSetup {
  root: string;
  workdir: string;
  wrangler: string;
  secrets: BenchSecrets;
  /** Ticks averaged for the "nothing changed" figure (the CPU counters tick every 10 ms). */
  ticks: number;
  /** For the plain-workerd measurement: the bridge's deploy bundle, the workerd binary, the compatibility date. */
  plain: { bundleDir: string; workerd: string; compatibilityDate: string };
}

const TOKEN = { authorization: "token dev-token", "content-type": "application/json" };

export async function measureCron(tracked: number, setup: CronSetup): Promise<CronFigure[]> {
  const emulator = await startEmulator(setup.root);
  let bridge: Server | undefined;
  try {
    const studio = emulator.url;
    const control = (path: string, body: unknown) =>
      fetch(`${studio}/_emulator${path}`, { method: "POST", headers: TOKEN, body: JSON.stringify(body) });
    await control("/clock", { freeze: true });
    await control("/outcomes", { match: "bench-hang", status: "COMPLETE", hang: true });
    await inBatches(tracked, 25, (index) =>
      fetch(`${studio}/api/datachain/jobs/`, {
        method: "POST",
        headers: TOKEN,
        body: JSON.stringify({ team_name: "dev-team", query: `# bench-hang ${index}`, query_name: `bench-${index}` }),
      }),
    );
    await control("/clock", { advance_seconds: 10 });
    const jobs = (await (
      await fetch(`${studio}/api/datachain/jobs/?team_name=dev-team&status=ACTIVE&limit=${tracked}`, { headers: TOKEN })
    ).json()) as { id: string; name: string; url: string; status: string; created_at: string }[];

    const stateDir = join(setup.workdir, `cron-${tracked}-state`);
    const seedFile = seedRuns(jobs, stateDir, setup);
    const [port, inspectorPort] = [await freePort(), await freePort()];
    const envFile = join(setup.workdir, `cron-${tracked}.env`);
    const vars = bridgeVars(setup.secrets, studio);
    writeFileSync(
      envFile,
      `${Object.entries(vars)
        .map(([key, value]) => `${key}=${value}`)
        .join("\n")}\n`,
    );
    bridge = await startServer(
      "bridge",
      setup.wrangler,
      [
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(inspectorPort),
        "--persist-to",
        stateDir,
        "--env-file",
        envFile,
        "--test-scheduled",
        // Function names stay readable in the profile; minification does not change what runs.
        "--minify=false",
        "--show-interactive-dev-session=false",
        "--log-level",
        "warn",
      ],
      { cwd: setup.root, readyUrl: `http://127.0.0.1:${port}/healthz` },
    );
    /** Fires the every-minute Cron Trigger through `url` (`/__scheduled` or the plain-workerd trigger). */
    const fireCron = async (url: string) => {
      const response = await fetch(`${url}?cron=${encodeURIComponent("* * * * *")}`);
      if (!response.ok) throw new Error(`cron tick through ${url} failed: ${response.status}`);
    };
    /** Ten tracked jobs end in Studio (canceled), from `jobs[from]` on; the next tick has ten changes. */
    const endTen = async (from: number) => {
      for (const job of jobs.slice(from, from + 10)) {
        await fetch(`${studio}/api/datachain/jobs/${job.id}/cancel`, {
          method: "POST",
          headers: TOKEN,
          body: JSON.stringify({ team_name: "dev-team" }),
        });
      }
      await control("/clock", { advance_seconds: 5 });
    };
    const tick = () => fireCron(`${bridge?.url}/__scheduled`);
    const requestsServed = async () =>
      ((await (await fetch(`${studio}/_emulator`)).json()) as { requests: number }).requests;
    // wrangler's inspector proxy reaches the Worker's isolate only, not the KV simulation beside it.
    const inspector = await inspectorSession(`ws://127.0.0.1:${inspectorPort}/ws`);
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
    const measureTicks = async (count: number) => {
      const [requestsBefore, cpuBefore] = [await requestsServed(), sampleCpu(bridge?.pid as number, port)];
      await inspector.send("Profiler.start");
      for (let i = 0; i < count; i++) await tick();
      const { profile } = await inspector.send<{ profile: CpuProfile }>("Profiler.stop");
      const workerdMs = cpuSpent(cpuBefore, sampleCpu(bridge?.pid as number, port)).workerd ?? 0;
      const summary = summarize(profile, 8);
      return {
        requests: (await requestsServed()) - requestsBefore,
        cpuMs: workerdMs,
        top: summary.bySelf.map((line) => ({
          function: line.function,
          self_ms: round(line.selfMs / count, 2),
          inclusive_ms: round(line.totalMs / count, 2),
        })),
      };
    };

    // The first tick may settle what seeding could not know (e.g. the stuck clock); it is not counted.
    await tick();
    const idle = await measureTicks(setup.ticks);
    // The first tick that sees changes also compiles the code that handles them (V8 compiles lazily, on first
    // call), as a cron invocation on a fresh isolate would. A second one is not measured: the notifications the
    // first one queued are being delivered by the queue consumer in the same process by then.
    await endTen(0);
    const changed = await measureTicks(1);
    inspector.close();
    await bridge.stop();

    // The same ticks on plain workerd, the KV an in-memory stand-in seeded with the same runs: no local KV
    // simulation in the process, so the CPU is the Worker's own (and KV's cost in it a lower bound).
    const plain = await plainWorkerd(setup, vars, seedFile, tracked);
    bridge = plain.server;
    const plainTick = () => fireCron(`${plain.triggerUrl}/`);
    const plainTicks = async (count: number) => {
      const [requestsBefore, cpuBefore] = [await requestsServed(), sampleCpu(plain.server.pid)];
      for (let i = 0; i < count; i++) await plainTick();
      const cpuMs = totalCpu(cpuBefore, sampleCpu(plain.server.pid));
      return { requests: (await requestsServed()) - requestsBefore, cpuMs };
    };
    // Its first tick learns what the ticks above changed (ten runs ended); not counted.
    await plainTick();
    const plainIdle = await plainTicks(setup.ticks);
    await endTen(10);
    const plainChanged = await plainTicks(1);
    return [
      {
        tracked,
        changed: 0,
        ticks: setup.ticks,
        studio_requests_per_tick: idle.requests / setup.ticks,
        cpu_ms_per_tick: idle.cpuMs / setup.ticks,
        plain_workerd_cpu_ms_per_tick: plainIdle.cpuMs / setup.ticks,
        plain_workerd_studio_requests_per_tick: plainIdle.requests / setup.ticks,
        worker_top: idle.top,
      },
      {
        tracked,
        changed: 10,
        ticks: 1,
        studio_requests_per_tick: changed.requests,
        cpu_ms_per_tick: changed.cpuMs,
        plain_workerd_cpu_ms_per_tick: plainChanged.cpuMs,
        plain_workerd_studio_requests_per_tick: plainChanged.requests,
        worker_top: changed.top,
      },
    ];
  } finally {
    await Promise.all([bridge?.stop(), emulator.stop()]);
  }
}

/** Writes the tracked runs as the bridge's RunStore would, straight into the local KV of `wrangler dev`. */
function seedRuns(
  jobs: { id: string; name: string; url: string; status: string; created_at: string }[],
  stateDir: string,
  setup: CronSetup,
): string {
  const now = new Date().toISOString();
  const entries = jobs.flatMap((job) => {
    const run = TrackedRun.parse({
      id: `job:${job.id}`,
      kind: "job",
      studio_id: job.id,
      team: "dev-team",
      name: job.name,
      url: job.url,
      status: job.status,
      created_at: job.created_at,
      status_since: now,
      origin: { kind: "admin", note: "bench" },
    });
    const metadata = summaryOf(run);
    return [
      { key: `run:${run.id}`, value: JSON.stringify(run), metadata },
      { key: `active:${run.id}`, value: "", metadata },
    ];
  });
  const file = join(setup.workdir, `cron-${jobs.length}.json`);
  writeFileSync(file, JSON.stringify(entries));
  execFileSync(
    setup.wrangler,
    ["kv", "bulk", "put", file, "--binding", "BRIDGE_KV", "--local", "--persist-to", stateDir],
    {
      cwd: setup.root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdio: "ignore",
    },
  );
  return file;
}

/** The deploy bundle on plain workerd with its KV stand-in seeded, and a trigger socket for its Cron Trigger. */
async function plainWorkerd(setup: CronSetup, vars: Record<string, string>, seedFile: string, tracked: number) {
  const [port, triggerPort] = [await freePort(), await freePort()];
  const config = workerdConfig({
    dir: join(setup.workdir, `cron-${tracked}-workerd`),
    bundleDir: setup.plain.bundleDir,
    port,
    compatibilityDate: setup.plain.compatibilityDate,
    vars,
    kv: ["BRIDGE_KV"],
    queues: ["ACTIONS"],
    kvSeed: seedFile,
    triggerPort,
  });
  // `--experimental`: the trigger's `scheduled()` on a service binding is behind an experimental flag.
  const server = await startServer("bridge", setup.plain.workerd, ["serve", "--experimental", config], {
    readyUrl: `http://127.0.0.1:${port}/healthz`,
  });
  return { server, triggerUrl: `http://127.0.0.1:${triggerPort}` };
}

async function inBatches(count: number, size: number, task: (index: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += size) {
    await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, offset) => task(start + offset)));
  }
}
