import type { LoadResult } from "./load";
import type { BundleSize, StartupProfile } from "./wrangler";

/** Issue scenario 3, per tracked-run count and number changed: what one cron tick cost (bench/lib/cron.ts). */
export interface CronFigure {
  tracked: number;
  changed: number;
  ticks: number;
  studio_requests_per_tick: number;
  /** The Worker's workerd process under `wrangler dev` (the Worker and Miniflare's local KV and Queues), /proc. */
  cpu_ms_per_tick: number;
  /** The same ticks on plain workerd with an in-memory KV stand-in: the Worker's own CPU, KV's share a lower bound. */
  plain_workerd_cpu_ms_per_tick: number;
  plain_workerd_studio_requests_per_tick: number;
  /**
   * Where the Worker's isolate spent the ticks, from a sampling profile through wrangler's inspector: the
   * functions with the most self time, in sampled ms per tick. Samples include the profiler's own overhead and
   * time waiting on native calls, so they rank the costs; the CPU figure above is the measurement.
   */
  worker_top: { function: string; self_ms: number; inclusive_ms: number }[];
}

export type ScenarioName = "github_push" | "slack_jobs" | "studio_job_webhook";
export type ServerName = "bridge" | "hono-ceiling" | "probot" | "bolt" | "slack-cf-workers";
/** What runs the server: `wrangler dev` (local dev stack), plain `workerd` (production runtime), or Node. */
export type Host = "wrangler-dev" | "workerd" | "node";

/** One scenario against one server: the load generator's view plus the server's own CPU counters. */
export interface Measurement extends LoadResult {
  scenario: ScenarioName;
  server: ServerName;
  host: Host;
  /** CPU (user + system) of the counted processes over the load window, divided by the answers received. */
  cpuMsPerRequest: number;
  /** Which processes `cpuMsPerRequest` counts (by label), and every process's CPU over the window, in ms. */
  cpuCounted: string[];
  cpuByProcess: Record<string, number>;
  /** CPU the counted processes spent in the settle period right after the load stopped (queued work), ms. */
  cpuAfterLoadMs: number;
  /** CPU every other server spent during the load window (they share the server's core): should be near 0. */
  othersCpuMs?: number;
  /** How long the run waited for the other servers to go idle before starting (at most 20 s). */
  waitedForOthersMs?: number;
  /** Throughput of every round; the fields above are the median round's. */
  roundsRps?: number[];
}

export interface Results {
  generated_at: string;
  mode: "quick" | "full";
  machine: { cpus: number; model: string; node: string; wrangler: string; load_average_at_start: number[] };
  settings: {
    connections: number;
    rounds: number;
    duration_s: number;
    warmup_s: number;
    settle_s: number;
    /** Which CPUs ran the server under load and which the outside world (load generator, emulator); null: unpinned. */
    cpu_pinning: { world: string; server: string } | null;
  };
  servers: Record<
    string,
    { ready_ms: number; processes_counted: string[]; note: string; forged_signature_status: Record<string, number> }
  >;
  measurements: Measurement[];
  ratios: Record<string, number>;
  bundle: Record<string, BundleSize>;
  startup: Record<string, StartupProfile>;
  emulator_cpu_ms: number | null;
  /** Issue scenario 3: per tracked-run count, a tick with nothing changed and one with 10 changed. */
  cron: CronFigure[];
  goals: Goal[];
}

export interface Goal {
  goal: string;
  figure: string;
  met: boolean | "n/a";
}

/** Which peers each scenario is compared with (the "relevant peers"). */
export const PEERS: Record<ScenarioName, ServerName[]> = {
  github_push: ["hono-ceiling", "probot"],
  slack_jobs: ["hono-ceiling", "bolt", "slack-cf-workers"],
  studio_job_webhook: ["hono-ceiling"],
};
const SCENARIOS = Object.keys(PEERS) as ScenarioName[];
const WORKER_HOSTS: Host[] = ["wrangler-dev", "workerd"];

export const label = (m: { server: ServerName; host: Host }) => `${m.server}@${m.host}`;

/** A Worker peer is compared on the bridge's own host; a Node peer with the bridge on each host. */
function pairs(all: Measurement[], scenario: ScenarioName) {
  const out: { host: Host; bridge: Measurement; peer: Measurement }[] = [];
  for (const host of WORKER_HOSTS) {
    const bridge = all.find((m) => m.scenario === scenario && m.server === "bridge" && m.host === host);
    if (!bridge) continue;
    for (const server of PEERS[scenario]) {
      const peer = all.find(
        (m) => m.scenario === scenario && m.server === server && (m.host === host || m.host === "node"),
      );
      if (peer) out.push({ host, bridge, peer });
    }
  }
  return out;
}

/**
 * Requests one core could answer per second at the measured CPU per request: the server's capacity, which the
 * load generator cannot cap (measured req/s can be capped by it when the server is faster than the generator).
 */
export const perCore = (m: Measurement) => (m.cpuMsPerRequest > 0 ? 1000 / m.cpuMsPerRequest : Number.NaN);

/**
 * Bridge throughput divided by each peer's, per scenario and host (2.0 = the bridge acks twice as many per
 * second), and the same for per-core capacity (keys ending in "per core").
 */
export function ratios(all: Measurement[]): Results["ratios"] {
  const out: Results["ratios"] = {};
  for (const scenario of SCENARIOS) {
    for (const { bridge, peer } of pairs(all, scenario)) {
      out[`${scenario}: ${label(bridge)} / ${label(peer)}`] = round(bridge.rps / peer.rps, 2);
      out[`${scenario}: ${label(bridge)} / ${label(peer)} per core`] = round(perCore(bridge) / perCore(peer), 2);
    }
  }
  return out;
}

const FLOORS: Partial<Record<ServerName, number>> = { "hono-ceiling": 0.5, probot: 2, bolt: 2, "slack-cf-workers": 1 };
const answeredOk = (m: Measurement) => Object.keys(m.status).every((code) => code.startsWith("2")) && m.errors === 0;

/** The goals with the figure measured next to each; a goal resting on non-2xx answers is "n/a", not met. */
export function goals(all: Measurement[], bundle: Record<string, BundleSize>, cron: CronFigure[]): Goal[] {
  const list: Goal[] = [];
  for (const scenario of SCENARIOS) {
    for (const { bridge, peer } of pairs(all, scenario)) {
      const floor = FLOORS[peer.server] ?? 1;
      const ratio = bridge.rps / peer.rps;
      list.push({
        goal: `${scenario}: ${label(bridge)} req/s >= ${floor}x ${label(peer)}`,
        figure: `${round(ratio, 2)}x (per core ${round(perCore(bridge) / perCore(peer), 2)}x)`,
        met: answeredOk(bridge) && answeredOk(peer) ? ratio >= floor : "n/a",
      });
    }
  }
  for (const m of all.filter((m) => m.server === "bridge")) {
    const valid = answeredOk(m) ? undefined : "n/a";
    const p99 = { goal: `${m.scenario}: ${label(m)} p99 < 20 ms at c=10`, figure: `${round(m.p99Ms, 2)} ms` };
    list.push({ ...p99, met: valid ?? m.p99Ms < 20 });
    const cpu = {
      goal: `${m.scenario}: ${label(m)} CPU per webhook <= 1 ms`,
      figure: `${round(m.cpuMsPerRequest, 3)} ms`,
    };
    list.push({ ...cpu, met: valid ?? m.cpuMsPerRequest <= 1 });
  }
  const gzip = bundle.bridge?.gzipKiB;
  if (gzip !== undefined) {
    list.push({ goal: "bridge bundle <= 200 KB gzip", figure: `${gzip} KiB`, met: gzip * 1.024 <= 200 });
  }
  const largest = Math.max(0, ...cron.map((figure) => figure.tracked));
  const idle = cron.find((figure) => figure.tracked === largest && figure.changed === 0);
  const busy = cron.find((figure) => figure.tracked === largest && figure.changed === 10);
  if (idle && busy) {
    list.push({
      goal: `cron tick at ${largest} tracked runs, nothing changed: <= 3 Studio requests`,
      figure: `${round(idle.studio_requests_per_tick, 1)} requests, ${round(idle.cpu_ms_per_tick, 1)} ms CPU`,
      met: idle.studio_requests_per_tick <= 3,
    });
    list.push({
      goal: `cron tick at ${largest} tracked runs, 10 changed: requests grow by about 10`,
      figure: `${round(busy.studio_requests_per_tick, 1)} requests, ${round(busy.cpu_ms_per_tick, 1)} ms CPU`,
      met: busy.studio_requests_per_tick - idle.studio_requests_per_tick <= 12,
    });
  }
  return list;
}

export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A Markdown table padded to line up, so the same text goes to the terminal and to bench/README.md. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** A figure with fixed decimals, or "-" when there was nothing to measure (no answers). */
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");

/** The main table: every measurement, with the bridge's throughput on each Worker host divided by the row's. */
export function measurementTable(all: Measurement[]): string {
  const bridgeRps = (scenario: ScenarioName, host: Host) =>
    all.find((m) => m.scenario === scenario && m.server === "bridge" && m.host === host)?.rps;
  const versus = (m: Measurement, host: Host) => {
    const bridge = bridgeRps(m.scenario, host);
    const comparable = m.server !== "bridge" && (m.host === host || m.host === "node");
    return bridge === undefined || !comparable ? "-" : `${(bridge / m.rps).toFixed(2)}x`;
  };
  const rows = all
    .toSorted((a, b) => SCENARIOS.indexOf(a.scenario) - SCENARIOS.indexOf(b.scenario))
    .map((m) => [
      m.scenario,
      m.server,
      m.host,
      String(Math.round(m.rps)),
      fixed(m.p50Ms, 2),
      fixed(m.p99Ms, 2),
      fixed(m.cpuMsPerRequest, 3),
      fixed(perCore(m), 0),
      Object.entries(m.status)
        .map(([code, count]) => `${code}:${count}`)
        .join(" ") + (m.errors ? ` err:${m.errors}` : ""),
      versus(m, "wrangler-dev"),
      versus(m, "workerd"),
    ]);
  const header = ["scenario", "server", "host", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "req/s per core", "status"];
  return table([...header, "bridge (dev) ÷", "bridge (workerd) ÷"], rows);
}
