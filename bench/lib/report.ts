import type { LoadResult } from "./load";
import type { BundleSize, StartupProfile } from "./wrangler";

export type ScenarioName = "github_push" | "slack_jobs" | "studio_job_webhook";
export type ServerName = "bridge" | "hono-ceiling" | "probot" | "bolt" | "slack-cf-workers";

/** One scenario against one server: the load generator's view plus the server's own CPU counters. */
export interface Measurement extends LoadResult {
  scenario: ScenarioName;
  server: ServerName;
  /** CPU (user + system) of the counted processes over the load window, divided by the answers received. */
  cpuMsPerRequest: number;
  /** Which processes `cpuMsPerRequest` counts (by command name), and every process's CPU over the window, in ms. */
  cpuCounted: string[];
  cpuByProcess: Record<string, number>;
  /** CPU the counted processes spent in the settle period right after the load stopped (queued work), ms. */
  cpuAfterLoadMs: number;
}

export interface Results {
  generated_at: string;
  mode: "quick" | "full";
  machine: { cpus: number; model: string; node: string; wrangler: string };
  settings: { connections: number; duration_s: number; warmup_s: number; settle_s: number };
  servers: Record<string, { ready_ms: number; processes_counted: string[]; note: string }>;
  measurements: Measurement[];
  ratios: Record<ScenarioName, Record<string, number>>;
  bundle: Record<string, BundleSize>;
  startup: Record<string, StartupProfile>;
  emulator_cpu_ms: number | null;
  cron: string;
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

const find = (all: Measurement[], scenario: ScenarioName, server: ServerName) =>
  all.find((m) => m.scenario === scenario && m.server === server);

/** Bridge throughput divided by each peer's, per scenario (2.0 = the bridge acks twice as many per second). */
export function ratios(all: Measurement[]): Results["ratios"] {
  const out = {} as Results["ratios"];
  for (const scenario of Object.keys(PEERS) as ScenarioName[]) {
    out[scenario] = {};
    const bridge = find(all, scenario, "bridge");
    for (const peer of PEERS[scenario]) {
      const other = find(all, scenario, peer);
      if (bridge && other) out[scenario][`bridge_rps_over_${peer}`] = round(bridge.rps / other.rps, 2);
    }
  }
  return out;
}

const ok = (m: Measurement) => Object.keys(m.status).every((code) => code.startsWith("2")) && m.errors === 0;

/** The goals with the figure measured next to each; a goal on non-2xx answers is "n/a", not met. */
export function goals(all: Measurement[], bundle: Record<string, BundleSize>): Goal[] {
  const list: Goal[] = [];
  const versus = (scenario: ScenarioName, peer: ServerName, floor: number) => {
    const bridge = find(all, scenario, "bridge");
    const other = find(all, scenario, peer);
    if (!bridge || !other) return;
    const ratio = bridge.rps / other.rps;
    list.push({
      goal: `${scenario}: bridge req/s >= ${floor}x ${peer}`,
      figure: `${round(ratio, 2)}x`,
      met: ok(bridge) && ok(other) ? ratio >= floor : "n/a",
    });
  };
  for (const scenario of Object.keys(PEERS) as ScenarioName[]) {
    versus(scenario, "hono-ceiling", 0.5);
    versus(scenario, "probot", 2);
    versus(scenario, "bolt", 2);
    versus(scenario, "slack-cf-workers", 1);
  }
  for (const m of all.filter((m) => m.server === "bridge")) {
    const valid = ok(m) ? undefined : "n/a";
    list.push({
      goal: `${m.scenario}: bridge p99 < 20 ms at c=10`,
      figure: `${round(m.p99Ms, 2)} ms`,
      met: valid ?? m.p99Ms < 20,
    });
    list.push({
      goal: `${m.scenario}: bridge CPU per webhook <= 1 ms`,
      figure: `${round(m.cpuMsPerRequest, 3)} ms`,
      met: valid ?? m.cpuMsPerRequest <= 1,
    });
  }
  const gzip = bundle.bridge?.gzipKiB;
  if (gzip !== undefined)
    list.push({ goal: "bridge bundle <= 200 KB gzip", figure: `${gzip} KiB`, met: gzip * 1.024 <= 200 });
  list.push({
    goal: "cron tick at 10,000 tracked runs (issue scenario 3)",
    figure: "not measured in this run",
    met: "n/a",
  });
  return list;
}

export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A Markdown table padded to line up, so the same text goes to the terminal and to bench/README.md. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}
