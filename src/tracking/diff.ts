import { eventForStatus, isStale, stuckPhase } from "./events";
import { type Observation, runIdOf } from "./observe";
import type { StateChange, StateChangeType, TrackedRun } from "./run";
import { isFinished } from "./store";

/** Seconds a run may stay waiting or running before one `*.stuck` is sent (`tracking.stuck_after`). */
export interface StuckThresholds {
  queued: number;
  running: number;
}

/** A run keeps its newest history entries only, so its KV value stays small however long it lives. */
export const HISTORY_LIMIT = 50;

export interface RunDiff {
  /** The run as it should be stored; the previous object when nothing changed. */
  run: TrackedRun;
  changes: StateChange[];
  /** The stored run must be written (a status, progress or stuck flag moved), with or without changes. */
  changed: boolean;
}

/**
 * Compares a tracked run with what Studio says now. Pure: the clock and thresholds come in as arguments.
 * The same status seen twice is no change, so a webhook and a poll (or two overlapping ticks) that see the
 * same thing produce one event between them.
 */
export function diffRun(
  previous: TrackedRun,
  observed: Observation,
  now: number,
  thresholds: StuckThresholds,
  seenBy: StateChange["seen_by"],
): RunDiff {
  if (isStale(previous.kind, previous.status, observed.status)) return { run: previous, changes: [], changed: false };
  const at = new Date(now).toISOString();
  const statusMoved = observed.status !== previous.status;
  const progressMoved =
    observed.progress !== undefined &&
    (observed.progress.completed !== previous.progress?.completed ||
      observed.progress.total !== previous.progress?.total);
  const jobRunsMoved =
    observed.job_runs !== undefined && JSON.stringify(observed.job_runs) !== JSON.stringify(previous.job_runs);

  const statusSince = statusMoved ? (observed.changed_at ?? at) : previous.status_since;
  const next: TrackedRun = {
    ...previous,
    name: observed.name ?? previous.name,
    url: observed.url ?? previous.url,
    status: observed.status,
    progress: observed.progress ?? previous.progress,
    job_runs: observed.job_runs ?? previous.job_runs,
    error_message: observed.error_message,
    status_since: statusSince,
    stuck_notified: statusMoved ? false : previous.stuck_notified,
  };
  const change = (event: StateChangeType, since: string): StateChange => ({
    event,
    run_id: previous.id,
    status: observed.status,
    previous_status: statusMoved ? previous.status : undefined,
    at,
    since,
    seen_by: seenBy,
    progress: observed.progress,
    error_message: observed.error_message,
    failed_job: event === "pipeline.failed" ? failedJobOf(observed) : undefined,
  });

  const changes: StateChange[] = [];
  const event = statusMoved ? eventForStatus(observed.kind, observed.status) : undefined;
  if (event !== undefined && event !== lastStatusEvent(previous)) {
    changes.push(change(event, changeSince(previous, observed, statusSince)));
  }
  if (progressMoved && !statusMoved && !isFinished(next) && previous.progress !== undefined) {
    changes.push(change("pipeline.progress", observed.changed_at ?? at));
  }
  if (!statusMoved && !next.stuck_notified && isOverdue(next, now, thresholds)) {
    next.stuck_notified = true;
    changes.push(change(observed.kind === "job" ? "job.stuck" : "pipeline.stuck", next.status_since));
  }

  const changed = statusMoved || progressMoved || jobRunsMoved || next.stuck_notified !== previous.stuck_notified;
  if (!changed) return { run: previous, changes: [], changed: false };
  const history = [
    ...previous.history,
    ...changes.map((item) => ({ at, event: item.event, status: item.status, seen_by: seenBy })),
  ].slice(-HISTORY_LIMIT);
  return { run: { ...next, history }, changes, changed: true };
}

/**
 * A run seen for the first time without anyone having tracked it (`tracking.all_jobs`). One already finished
 * ended before tracking began and gives nothing; an active one is tracked from here, announcing its phase.
 */
export function firstSighting(
  observed: Observation,
  now: number,
  thresholds: StuckThresholds,
  seenBy: StateChange["seen_by"],
): RunDiff | undefined {
  if (isFinished(observed)) return undefined;
  const at = new Date(now).toISOString();
  const unseen: TrackedRun = {
    id: runIdOf(observed.kind, observed.studio_id),
    kind: observed.kind,
    studio_id: observed.studio_id,
    team: observed.team,
    name: observed.name,
    url: observed.url,
    // Compared as "never seen", so whatever Studio says now is the first change.
    status: observed.kind === "job" ? "SCHEDULED" : "PENDING",
    error_message: null,
    created_at: observed.created_at,
    status_since: at,
    origin: { kind: "studio" },
    notify: [],
    subscribers: [],
    stuck_notified: false,
    history: [],
    notifications: [],
  };
  const diff = diffRun(unseen, observed, now, thresholds, seenBy);
  return diff.changed ? diff : { run: { ...unseen, status: observed.status }, changes: [], changed: true };
}

/** Waiting or running for longer than its threshold allows. */
export function isOverdue(
  run: Pick<TrackedRun, "kind" | "status"> & { status_since: string },
  now: number,
  thresholds: StuckThresholds,
): boolean {
  return isOverdueSince(run.kind, run.status, Date.parse(run.status_since), now, thresholds);
}

/** `isOverdue` from an epoch-ms start, as the active index's summaries carry it (no date parsing per run). */
export function isOverdueSince(
  kind: TrackedRun["kind"],
  status: TrackedRun["status"],
  sinceMs: number,
  now: number,
  thresholds: StuckThresholds,
): boolean {
  const phase = stuckPhase(kind, status);
  if (phase === undefined) return false;
  return now - sinceMs >= thresholds[phase] * 1000;
}

/** The last phase the run announced; progress and stuck events do not change the phase. */
function lastStatusEvent(run: TrackedRun): string | undefined {
  const phases = run.history.filter((entry) => !entry.event.endsWith(".progress") && !entry.event.endsWith(".stuck"));
  return phases[phases.length - 1]?.event;
}

/**
 * A job never returns to an earlier phase, so its creation time identifies each of its events; a pipeline
 * can (paused, then running again), so its events carry the time Studio says it changed.
 */
function changeSince(previous: TrackedRun, observed: Observation, statusSince: string): string {
  return observed.kind === "job" ? previous.created_at : (observed.changed_at ?? statusSince);
}

function failedJobOf(observed: Observation): StateChange["failed_job"] {
  const failed = observed.job_runs?.find((run) => run.status === "FAILED");
  return failed ? { name: failed.name, job_id: failed.created_job_id ?? null } : undefined;
}
