import { TERMINAL_JOB_STATUSES, TERMINAL_PIPELINE_STATUSES } from "../studio/schemas";
import { type ActiveSummary, summaryOf, TrackedRun, type TrackedRunInput } from "./run";

/** KV keys: one full record per run, one compact index entry per run that is still active. */
export const runKey = (id: string) => `run:${id}`;
export const activeKey = (id: string) => `active:${id}`;
export const ACTIVE_PREFIX = "active:";
export const RUN_PREFIX = "run:";
/**
 * Where reconciliation resumes a backlog of runs to fetch one by one. It lives under the active prefix
 * (`~` sorts after every run id), so the tick reads it with the `list` calls it makes anyway.
 */
const BACKLOG_KEY = `${ACTIVE_PREFIX}~backlog`;

export function isFinished(run: { kind: TrackedRun["kind"]; status: string }): boolean {
  return run.kind === "job"
    ? TERMINAL_JOB_STATUSES.includes(run.status as never)
    : TERMINAL_PIPELINE_STATUSES.includes(run.status as never);
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
      await this.#keepAsFinished(run);
    } else {
      await this.kv.put(runKey(run.id), JSON.stringify(run), { metadata: summaryOf(run) });
      await this.kv.put(activeKey(run.id), "", { metadata: summaryOf(run) });
    }
    return run;
  }

  /** A run Studio no longer knows (deleted): it leaves the index and its record expires like a finished one. */
  async retire(id: string): Promise<void> {
    const run = await this.get(id);
    if (run) await this.#keepAsFinished(run);
    else await this.forgetActive(id);
  }

  /** The record expires after `keep_finished`; the summary rides on it so `GET /api/runs` needs no reads. */
  async #keepAsFinished(run: TrackedRun): Promise<void> {
    const ttl = Math.max(60, this.keepFinishedSeconds);
    await this.kv.put(runKey(run.id), JSON.stringify(run), { expirationTtl: ttl, metadata: summaryOf(run) });
    await this.kv.delete(activeKey(run.id));
  }

  /** Takes an index entry whose run record is missing out of the active index. */
  async forgetActive(id: string): Promise<void> {
    await this.kv.delete(activeKey(id));
  }

  /**
   * The whole active index, page by page (1,000 keys per `list`), and the backlog cursor stored with it:
   * a tick costs one KV operation per 1,000 active runs, never one per run.
   */
  async listAllActive(): Promise<{ runs: { id: string; summary: ActiveSummary }[]; backlogAfter?: string }> {
    const runs: { id: string; summary: ActiveSummary }[] = [];
    let backlogAfter: string | undefined;
    let cursor: string | undefined;
    do {
      const page = await this.listActive(cursor);
      runs.push(...page.runs);
      backlogAfter = page.backlogAfter ?? backlogAfter;
      cursor = page.cursor;
    } while (cursor !== undefined);
    return { runs, backlogAfter };
  }

  /** One page of the active index: ids with their summaries, from `list` alone. */
  async listActive(
    cursor?: string,
  ): Promise<{ runs: { id: string; summary: ActiveSummary }[]; cursor?: string; backlogAfter?: string }> {
    const page = await this.kv.list<ActiveSummary | { after: string }>({ prefix: ACTIVE_PREFIX, cursor, limit: 1000 });
    const runs: { id: string; summary: ActiveSummary }[] = [];
    let backlogAfter: string | undefined;
    for (const key of page.keys) {
      if (!key.metadata) continue;
      if (key.name === BACKLOG_KEY) backlogAfter = (key.metadata as { after: string }).after;
      else runs.push({ id: key.name.slice(ACTIVE_PREFIX.length), summary: key.metadata as ActiveSummary });
    }
    return { runs, cursor: page.list_complete ? undefined : page.cursor, backlogAfter };
  }

  /** Remembers where the next tick resumes the backlog; `undefined` clears it (only when one was set). */
  async setBacklogCursor(after: string | undefined, previous: string | undefined): Promise<void> {
    if (after === previous) return;
    if (after === undefined) await this.kv.delete(BACKLOG_KEY);
    else await this.kv.put(BACKLOG_KEY, "", { metadata: { after } });
  }

  /** One page of all tracked runs (active and recently finished) with their summaries, from `list` alone. */
  async listRuns(cursor?: string): Promise<{ runs: { id: string; summary: ActiveSummary }[]; cursor?: string }> {
    const page = await this.kv.list<ActiveSummary>({ prefix: RUN_PREFIX, cursor, limit: 1000 });
    const runs = page.keys
      .filter((key) => key.metadata !== undefined && key.metadata !== null)
      .map((key) => ({ id: key.name.slice(RUN_PREFIX.length), summary: key.metadata as ActiveSummary }));
    return { runs, cursor: page.list_complete ? undefined : page.cursor };
  }
}
