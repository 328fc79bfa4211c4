import { TERMINAL_JOB_STATUSES, TERMINAL_PIPELINE_STATUSES } from "../studio/schemas";
import { type ActiveSummary, TrackedRun, type TrackedRunInput } from "./run";

/** KV keys: one full record per run, one compact index entry per run that is still active. */
export const runKey = (id: string) => `run:${id}`;
export const activeKey = (id: string) => `active:${id}`;
export const ACTIVE_PREFIX = "active:";

export function isFinished(run: Pick<TrackedRun, "kind" | "status">): boolean {
  return run.kind === "job"
    ? TERMINAL_JOB_STATUSES.includes(run.status as never)
    : TERMINAL_PIPELINE_STATUSES.includes(run.status as never);
}

export function summaryOf(run: TrackedRun): ActiveSummary {
  return {
    kind: run.kind,
    team: run.team,
    status: run.status,
    progress: run.progress ? `${run.progress.completed}/${run.progress.total}` : undefined,
    since: Date.parse(run.status_since),
    stuck: run.stuck_notified || undefined,
  };
}

/**
 * Tracked runs in KV. KV has no transactions and allows one write per second per key, so every run has
 * keys of its own (no shared list to race on) and writes happen only when something changed.
 */
export class RunStore {
  constructor(
    readonly kv: KVNamespace,
    /** Seconds a finished run is kept (KV's TTL must be at least 60 s). */
    readonly keepFinishedSeconds: number,
  ) {}

  async get(id: string): Promise<TrackedRun | undefined> {
    const stored = await this.kv.get(runKey(id), "json");
    return stored === null ? undefined : TrackedRun.parse(stored);
  }

  /** Writes the run and keeps the active index in step: listed while active, dropped once finished. */
  async put(input: TrackedRunInput): Promise<TrackedRun> {
    const run = TrackedRun.parse(input);
    if (isFinished(run)) {
      const ttl = Math.max(60, this.keepFinishedSeconds);
      await this.kv.put(runKey(run.id), JSON.stringify(run), { expirationTtl: ttl });
      await this.kv.delete(activeKey(run.id));
    } else {
      await this.kv.put(runKey(run.id), JSON.stringify(run));
      await this.kv.put(activeKey(run.id), "", { metadata: summaryOf(run) });
    }
    return run;
  }

  /** One page of the active index: ids with their summaries, from `list` alone. */
  async listActive(cursor?: string): Promise<{ runs: { id: string; summary: ActiveSummary }[]; cursor?: string }> {
    const page = await this.kv.list<ActiveSummary>({ prefix: ACTIVE_PREFIX, cursor, limit: 1000 });
    const runs = page.keys
      .filter((key) => key.metadata !== undefined && key.metadata !== null)
      .map((key) => ({ id: key.name.slice(ACTIVE_PREFIX.length), summary: key.metadata as ActiveSummary }));
    return { runs, cursor: page.list_complete ? undefined : page.cursor };
  }
}
