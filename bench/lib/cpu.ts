import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** CPU time (user + system, ms) of a process and all its descendants, keyed by `pid:label`. */
export type CpuSample = Map<string, number>;

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  cpuMs: number;
}

/** proc(5): the command sits in parentheses and may hold spaces, so fields are counted from the last ")". */
function readStat(pid: string): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // After the command: state(3) ppid(4) ... utime(14) stime(15), so ppid is fields[1], utime fields[11].
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { pid: Number(pid), ppid: Number(fields[1]), comm, cpuMs: (ticks * 1000) / ticksPerSecond };
  } catch {
    return undefined; // The process ended between listing and reading.
  }
}

/**
 * `wrangler dev` runs two workerd processes: a proxy listening on the public port, and the runtime that runs the
 * Worker. The proxy is labelled `workerd-proxy` so the runtime's CPU can be counted on its own.
 */
function label(stat: Stat, publicPort: number | undefined): string {
  if (stat.comm !== "workerd" || publicPort === undefined) return stat.comm;
  try {
    const cmdline = readFileSync(`/proc/${stat.pid}/cmdline`, "utf8");
    return cmdline.includes(`=127.0.0.1:${publicPort}\0`) ? "workerd-proxy" : "workerd";
  } catch {
    return stat.comm;
  }
}

/** Reads /proc/<pid>/stat for `root` and every descendant: the server's own CPU counters, not timers inside it. */
export function sampleCpu(root: number, publicPort?: number): CpuSample {
  const stats = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(readStat)
    .filter((stat): stat is Stat => stat !== undefined);
  const children = new Map<number, Stat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const sample: CpuSample = new Map();
  const rootStat = stats.find((stat) => stat.pid === root);
  const pending = rootStat ? [rootStat] : [];
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    sample.set(`${stat.pid}:${label(stat, publicPort)}`, stat.cpuMs);
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return sample;
}

/** CPU spent between two samples by every process in them, in ms. */
export function totalCpu(before: CpuSample, after: CpuSample): number {
  return Object.values(cpuSpent(before, after)).reduce((total, ms) => total + ms, 0);
}

/** CPU spent between two samples, summed per label (e.g. `workerd`, `workerd-proxy`, `node`). */
export function cpuSpent(before: CpuSample, after: CpuSample): Record<string, number> {
  const byCommand: Record<string, number> = {};
  for (const [key, ms] of after) {
    const command = key.slice(key.indexOf(":") + 1);
    byCommand[command] = (byCommand[command] ?? 0) + ms - (before.get(key) ?? 0);
  }
  return byCommand;
}
