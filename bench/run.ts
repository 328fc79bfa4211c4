/**
 * `npm run bench [-- --quick]`: the bridge and its peers side by side on this machine, in one run. Each server runs
 * on its own loopback port and only one is under load at a time (the others idle), in interleaved rounds; load
 * comes from this process with autocannon at fixed concurrency for a bounded time; CPU per request comes from
 * the server processes' own counters in /proc. Workers run twice: under `wrangler dev` (the local dev stack) and
 * on plain workerd (the production runtime without the dev proxy). Prints tables, writes bench/results/latest.json.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../scripts/lib/processes";
import { cpuSpent, sampleCpu, totalCpu } from "./lib/cpu";
import { measureCron } from "./lib/cron";
import { ensureInstalled } from "./lib/install";
import { runLoad } from "./lib/load";
import { bridgeVars, freshSecrets, githubPush, type SignedRequest, slackJobs, studioJobStatus } from "./lib/payloads";
import { boundRun, pinSelf, type Server, startEmulator, startServer } from "./lib/processes";
import {
  type CronFigure,
  goals,
  type Host,
  label,
  type Measurement,
  measurementTable,
  type Results,
  ratios,
  round,
  type ScenarioName,
  type ServerName,
  table,
} from "./lib/report";
import { workerdConfig } from "./lib/workerd";
import { bundleSize, startupProfile } from "./lib/wrangler";

const quick = process.argv.includes("--quick");
const settings = {
  connections: 10,
  rounds: quick ? 1 : 3,
  duration_s: quick ? 2 : 6,
  warmup_s: quick ? 0.5 : 2,
  settle_s: quick ? 0.5 : 1,
};
const benchDir = import.meta.dirname;
const root = resolve(benchDir, "..");
const bin = (name: string) => join(root, "node_modules/.bin", name);
const compatibilityDate = "2026-11-01";

const liftBound = boundRun("bench", quick ? 170 : 1500);

const loadAverageAtStart = loadavg().map((value) => round(value, 2));
ensureInstalled(benchDir);
// One core for the server under load, the other for everything that stands for the outside world (this process
// with the load generator, the Studio emulator): the server gets a whole core, as a Worker's isolate does, and
// the generator no longer takes turns with it. With one CPU (or no taskset) the run goes on unpinned.
const pinning = cpus().length >= 2 && pinSelf("0") ? { world: "0", server: "1" } : null;
const autocannon = createRequire(join(benchDir, "package.json"))("autocannon");

const secrets = freshSecrets();
const workdir = mkdtempSync(join(tmpdir(), "studio-bridge-bench-"));

/** `wrangler dev` on loopback with temp state and a temp env file (no .dev.vars read); request log off. */
async function wranglerDev(name: ServerName, config: string, vars: Record<string, string>): Promise<Server> {
  const [port, inspector] = [await freePort(), await freePort()];
  const envFile = join(workdir, `${name}.env`);
  writeFileSync(
    envFile,
    `${Object.entries(vars)
      .map(([key, value]) => `${key}=${value}`)
      .join("\n")}\n`,
  );
  const args = ["dev", "--config", config, "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--inspector-port", String(inspector), "--persist-to", join(workdir, `${name}-state`));
  args.push("--env-file", envFile, "--show-interactive-dev-session=false", "--log-level", "warn");
  return await startServer(name, bin("wrangler"), args, {
    cwd: root,
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    cpus: pinning?.server,
  });
}

/** The deploy bundle on plain workerd, with in-memory KV and queue producer bindings. */
async function plainWorkerd(name: ServerName, bundleDir: string, vars: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const bindings = name === "bridge" ? { kv: ["BRIDGE_KV"], queues: ["ACTIONS"] } : {};
  const dir = join(workdir, `${name}-workerd`);
  const config = workerdConfig({ dir, bundleDir, port, compatibilityDate, vars, ...bindings });
  return await startServer(name, bin("workerd"), ["serve", config], {
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    cpus: pinning?.server,
  });
}

/** A Node peer run directly by Node 22 (type stripping), with its dependencies from bench/node_modules. */
async function nodePeer(name: ServerName, vars: Record<string, string>): Promise<Server> {
  const port = await freePort();
  return await startServer(name, process.execPath, [join(benchDir, "peers", name, "index.ts")], {
    env: { ...vars, PORT: String(port), NODE_ENV: "production" },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    cpus: pinning?.server,
  });
}

const servers: Results["servers"] = {};
const pause = (seconds: number) => new Promise((done) => setTimeout(done, seconds * 1000));
const sum = (byProcess: Record<string, number>, counted: string[]) =>
  counted.reduce((total, name) => total + (byProcess[name] ?? 0), 0);

/** Which processes hold the server's own CPU: the Worker's workerd (not wrangler's dev proxy), or node. */
const COUNTED: Record<Host, string[]> = { "wrangler-dev": ["workerd"], workerd: ["workerd"], node: ["node"] };
const READY_NOTE: Record<Host, string> = {
  "wrangler-dev":
    "spawn of `wrangler dev` to first answer on /healthz (build, bundle, two workerd processes, Worker start)",
  workerd: "spawn of workerd to first answer on /healthz (config parse, Worker start)",
  node: "spawn of node to first answer on /healthz",
};

const othersThan = (server: Server) => started.map((entry) => entry.server).filter((other) => other !== server);

/**
 * Waits (at most 20 s, 3 s in quick mode) until every server but `server` is idle: all of them share one core, and one still busy
 * with queued work (the `wrangler dev` bridge's queue consumer creating jobs after the push scenario) would take
 * CPU from the one under load. Idle means under 5% of a core over 300 ms.
 */
async function othersQuiet(server: Server): Promise<number> {
  const since = performance.now();
  while (performance.now() - since < (quick ? 3_000 : 20_000)) {
    const before = othersThan(server).map((other) => [other, sampleCpu(other.pid)] as const);
    await pause(0.3);
    const busy = before.reduce((total, [other, sample]) => total + totalCpu(sample, sampleCpu(other.pid)), 0);
    if (busy <= 15) break;
  }
  return Math.round(performance.now() - since);
}

/** Warm up, then one measured run with CPU sampled around it, then a settle period for work left queued. */
async function measure(server: Server, host: Host, scenario: ScenarioName, next: () => SignedRequest) {
  const run = (durationS: number) =>
    runLoad(autocannon, server.url, next, { connections: settings.connections, durationS });
  const waitedMs = await othersQuiet(server);
  await run(settings.warmup_s);
  await pause(settings.settle_s);
  const port = Number(new URL(server.url).port);
  const before = sampleCpu(server.pid, port);
  const othersBefore = othersThan(server).map((other) => [other, sampleCpu(other.pid)] as const);
  const load = await run(settings.duration_s);
  const after = sampleCpu(server.pid, port);
  const othersCpuMs = othersBefore.reduce(
    (total, [other, sample]) => total + totalCpu(sample, sampleCpu(other.pid)),
    0,
  );
  await pause(settings.settle_s);
  const settled = sampleCpu(server.pid, port);
  const cpuByProcess = Object.fromEntries(Object.entries(cpuSpent(before, after)).map(([k, v]) => [k, round(v, 1)]));
  const m: Measurement = {
    scenario,
    server: server.name as ServerName,
    host,
    ...load,
    cpuMsPerRequest: sum(cpuByProcess, COUNTED[host]) / load.requests,
    cpuCounted: COUNTED[host],
    cpuByProcess,
    cpuAfterLoadMs: round(sum(cpuSpent(after, settled), COUNTED[host]), 1),
    othersCpuMs: round(othersCpuMs, 0),
    waitedForOthersMs: waitedMs,
  };
  const mix = Object.entries(load.status).map(([code, count]) => `${code}:${count}`);
  console.log(
    `  ${scenario.padEnd(18)} ${label(m).padEnd(28)} ${Math.round(load.rps)} req/s  ${mix.join(" ") || "no answers"}`,
  );
  return m;
}

/** Per server and scenario, the round with the median throughput, carrying every round's req/s beside it. */
function medianRounds(all: Measurement[]): Measurement[] {
  const groups = Map.groupBy(all, (m) => `${label(m)} ${m.scenario}`);
  return [...groups.values()].map((group) => {
    const sorted = group.toSorted((a, b) => a.rps - b.rps);
    const median = sorted[Math.floor((sorted.length - 1) / 2)] as Measurement;
    return { ...median, roundsRps: group.map((m) => Math.round(m.rps)) };
  });
}

console.log(
  `studio-bridge bench (${quick ? "quick" : "full"}): c=${settings.connections}, ${settings.rounds} x ${settings.duration_s}s per server and scenario`,
);

console.log("bundles and start-up profiles (wrangler deploy --dry-run, wrangler check startup) ...");
const workers = {
  bridge: join(root, "wrangler.toml"),
  "hono-ceiling": join(benchDir, "peers/hono-ceiling/wrangler.toml"),
  "slack-cf-workers": join(benchDir, "peers/slack-cf-workers/wrangler.toml"),
};
const bundleDir = (name: string) => join(workdir, `${name}-bundle`);
const bundle: Results["bundle"] = {};
const startup: Results["startup"] = {};
for (const [name, config] of Object.entries(workers)) {
  bundle[name] = await bundleSize(bin("wrangler"), config, root, bundleDir(name));
  // Quick mode (CI) profiles the bridge's start-up only, to stay well inside its two minutes.
  if (!quick || name === "bridge")
    startup[name] = await startupProfile(bin("wrangler"), config, root, join(workdir, `${name}.cpuprofile`));
}

console.log("starting servers, each on its own loopback port ...");
type Scenarios = [ScenarioName, () => SignedRequest][];
// Peers that never call out still get a response_url and job URLs; nothing listens on port 9 (discard).
const nowhere = "http://127.0.0.1:9";
const allThree = (studio: string): Scenarios => [
  ["github_push", githubPush(secrets)],
  ["slack_jobs", slackJobs(secrets, `${studio}/slack/response/bench`)],
  ["studio_job_webhook", studioJobStatus(secrets, studio)],
];
const githubVars = { GITHUB_WEBHOOK_SECRET: secrets.GITHUB_WEBHOOK_SECRET };

const started: { host: Host; server: Server; scenarios: Scenarios }[] = [];
/** Starts one server (the others idle meanwhile, so its ready time is its own) and files it for the rounds. */
async function up(host: Host, start: () => Promise<Server>, scenarios: Scenarios) {
  const server = await start();
  const forged: Record<string, number> = {};
  for (const [scenario, next] of scenarios) forged[scenario] = await sendForged(server.url, next());
  servers[`${server.name}@${host}`] = {
    ready_ms: Math.round(server.readyMs),
    processes_counted: COUNTED[host],
    note: READY_NOTE[host],
    forged_signature_status: forged,
  };
  console.log(
    `  ${server.name}@${host}: ready in ${Math.round(server.readyMs)} ms; forged signature answered ${JSON.stringify(forged)}`,
  );
  started.push({ host, server, scenarios });
}

/** Honesty check: the request with its signature's last hex digit flipped; a verifying server answers 4xx. */
async function sendForged(base: string, request: SignedRequest): Promise<number> {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) =>
      name.includes("signature") ? [name, value.slice(0, -1) + (value.endsWith("0") ? "1" : "0")] : [name, value],
    ),
  );
  const response = await fetch(`${base}${request.path}`, { method: "POST", headers, body: request.body });
  await response.arrayBuffer();
  return response.status;
}

const emulator = await startEmulator(root, pinning?.world);
const raw: Measurement[] = [];
let emulatorCpuMs: number | null = null;
try {
  const studio = emulator.url;
  const vars = bridgeVars(secrets, studio);
  // The Slack peers do the bridge's work after their ack: ask the same Studio for the jobs, post to response_url.
  const slackOnly: Scenarios = [["slack_jobs", slackJobs(secrets, `${studio}/slack/response/bench`)]];
  const slackVars = {
    SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET,
    SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
    DATACHAIN_STUDIO_URL: studio,
    DATACHAIN_STUDIO_TOKEN: vars.DATACHAIN_STUDIO_TOKEN,
    DATACHAIN_STUDIO_TEAM: vars.DATACHAIN_STUDIO_TEAM,
  };
  const slackCf = workers["slack-cf-workers"];
  await up("wrangler-dev", () => wranglerDev("hono-ceiling", workers["hono-ceiling"], {}), allThree(nowhere));
  await up("wrangler-dev", () => wranglerDev("bridge", workers.bridge, vars), allThree(studio));
  await up("wrangler-dev", () => wranglerDev("slack-cf-workers", slackCf, slackVars), slackOnly);
  await up("workerd", () => plainWorkerd("hono-ceiling", bundleDir("hono-ceiling"), {}), allThree(nowhere));
  await up("workerd", () => plainWorkerd("bridge", bundleDir("bridge"), vars), allThree(studio));
  await up("workerd", () => plainWorkerd("slack-cf-workers", bundleDir("slack-cf-workers"), slackVars), slackOnly);
  await up("node", () => nodePeer("probot", githubVars), [["github_push", githubPush(secrets)]]);
  await up("node", () => nodePeer("bolt", slackVars), slackOnly);

  // Rounds interleave the servers, so a burst of load from elsewhere on the machine lands in one round of each
  // rather than in every run of one server; the median round is reported.
  const emulatorBefore = sampleCpu(emulator.pid);
  for (let round = 1; round <= settings.rounds; round++) {
    console.log(`round ${round} of ${settings.rounds}: one server under load at a time, the others idle`);
    for (const { host, server, scenarios } of started) {
      for (const [scenario, next] of scenarios) raw.push(await measure(server, host, scenario, next));
    }
  }
  emulatorCpuMs = round(totalCpu(emulatorBefore, sampleCpu(emulator.pid)), 0);
} finally {
  await Promise.all([...started.map(({ server }) => server.stop()), emulator.stop()]);
  rmSync(workdir, { recursive: true, force: true });
  // wrangler keeps build scratch in .wrangler/ beside each peer's config; the bench leaves nothing behind.
  for (const peer of ["hono-ceiling", "slack-cf-workers"]) {
    rmSync(join(benchDir, "peers", peer, ".wrangler"), { recursive: true, force: true });
  }
}
const measurements = medianRounds(raw);

// Cron cost: one fresh emulator and bridge per size, with the tracked runs seeded into the bridge's local KV
// (`wrangler dev`) and into the KV stand-in (plain workerd, the deploy bundle built again here).
const cron: CronFigure[] = [];
const cronWorkdir = mkdtempSync(join(tmpdir(), "studio-bridge-bench-cron-"));
try {
  const cronBundle = join(cronWorkdir, "bundle");
  await bundleSize(bin("wrangler"), workers.bridge, root, cronBundle);
  for (const tracked of quick ? [100, 1000] : [100, 1000, 10_000]) {
    console.log(`cron: a tick over ${tracked} tracked runs, with nothing changed and with 10 changed`);
    cron.push(
      ...(await measureCron(tracked, {
        root,
        workdir: cronWorkdir,
        wrangler: bin("wrangler"),
        secrets,
        ticks: quick ? 3 : 5,
        plain: { bundleDir: cronBundle, workerd: bin("workerd"), compatibilityDate },
      })),
    );
  }
} finally {
  rmSync(cronWorkdir, { recursive: true, force: true });
}

const results: Results = {
  generated_at: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "unknown",
    node: process.version,
    wrangler: execFileSync(bin("wrangler"), ["--version"], { env: { ...process.env, WRANGLER_SEND_METRICS: "false" } })
      .toString()
      .trim(),
    load_average_at_start: loadAverageAtStart,
  },
  settings: { ...settings, cpu_pinning: pinning },
  servers,
  measurements,
  ratios: ratios(measurements),
  bundle,
  startup,
  emulator_cpu_ms: emulatorCpuMs,
  cron,
  goals: goals(measurements, bundle, cron),
};
mkdirSync(join(benchDir, "results"), { recursive: true });
writeFileSync(join(benchDir, "results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);

console.log(`\n${measurementTable(measurements)}`);
const readyMs = (name: string, host: Host) => String(servers[`${name}@${host}`]?.ready_ms ?? "-");
const sizes = Object.keys(bundle).map((name) => [
  name,
  String(bundle[name]?.totalKiB),
  String(bundle[name]?.gzipKiB),
  String(startup[name]?.activeMs ?? "-"),
  readyMs(name, "wrangler-dev"),
  readyMs(name, "workerd"),
]);
console.log(
  `\n${table(["worker", "upload KiB", "gzip KiB", "startup CPU ms", "ready ms (wrangler dev)", "ready ms (workerd)"], sizes)}`,
);
console.log(
  `\n${table(
    ["goal", "measured", "met"],
    results.goals.map((g) => [g.goal, g.figure, String(g.met)]),
  )}`,
);
for (const m of measurements.filter((m) => m.server === "bridge")) {
  if (m.requests === 0) {
    console.log(`note: ${label(m)} answered nothing to ${m.scenario} (under wrangler dev: a rebuild loop? see README)`);
  } else if (!Object.keys(m.status).some((code) => code.startsWith("2"))) {
    console.log(
      `note: ${label(m)} answered ${Object.keys(m.status).join("/")} to ${m.scenario}: is that route merged?`,
    );
  }
}
console.log(
  `\n${table(
    [
      "cron tick",
      "tracked runs",
      "changed",
      "Studio requests per tick",
      "CPU ms per tick (wrangler dev, local KV included)",
      "CPU ms per tick (plain workerd)",
      "largest self time in the Worker (profile)",
    ],
    cron.map((figure) => [
      figure.changed === 0 ? `mean of ${figure.ticks}` : "one tick",
      String(figure.tracked),
      String(figure.changed),
      String(round(figure.studio_requests_per_tick, 1)),
      String(round(figure.cpu_ms_per_tick, 1)),
      String(round(figure.plain_workerd_cpu_ms_per_tick, 1)),
      figure.worker_top
        .slice(0, 2)
        .map((line) => line.function)
        .join(", "),
    ]),
  )}\nKV operations per tick are asserted in test/tracking/scale.test.ts (10,000 runs: <= 10 lists, 0 writes).`,
);
console.log(`\nLoad average at start: ${loadAverageAtStart.join(" ")}. Written: bench/results/latest.json`);
liftBound();
