import type { StateChangeType, TrackedRun } from "./run";

/**
 * The event a status announces. Statuses of one phase share an event (CREATED and QUEUED are both
 * `job.queued`), so a run moving inside a phase notifies nobody; CANCELING waits for CANCELED.
 */
const JOB_EVENTS: Record<string, StateChangeType | undefined> = {
  CREATED: "job.queued",
  SCHEDULED: "job.queued",
  PROVISIONING: "job.queued",
  QUEUED: "job.queued",
  PENDING: "job.queued",
  INIT: "job.running",
  RUNNING: "job.running",
  COMPLETE: "job.completed",
  TASK: "job.completed",
  FAILED: "job.failed",
  CANCELED: "job.canceled",
};

const PIPELINE_EVENTS: Record<string, StateChangeType | undefined> = {
  RUNNING: "pipeline.running",
  PAUSED: "pipeline.paused",
  COMPLETED: "pipeline.completed",
  FAILED: "pipeline.failed",
  CANCELED: "pipeline.canceled",
};

export function eventForStatus(kind: TrackedRun["kind"], status: string): StateChangeType | undefined {
  return (kind === "job" ? JOB_EVENTS : PIPELINE_EVENTS)[status];
}

/** Which stuck threshold applies to a status: waiting to start, or running. Others never get stuck. */
export function stuckPhase(kind: TrackedRun["kind"], status: string): "queued" | "running" | undefined {
  if (kind === "job") {
    if (["CREATED", "PROVISIONING", "QUEUED", "PENDING"].includes(status)) return "queued";
    if (status === "INIT" || status === "RUNNING") return "running";
    return undefined;
  }
  if (status === "PENDING") return "queued";
  return status === "RUNNING" ? "running" : undefined;
}

/** Glob match for notifier event filters: `*` is any run of characters (`job.*`, `*.failed`, `*`). */
export function matchesEvent(pattern: string, event: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(event);
}

/** How far along a job's life a status is; a job never moves to a lower rank. */
const JOB_RANK: Record<string, number> = {
  SCHEDULED: 0,
  CREATED: 1,
  PROVISIONING: 2,
  PENDING: 3,
  QUEUED: 3,
  INIT: 4,
  RUNNING: 5,
  CANCELING_SCHEDULED: 6,
  CANCELING: 6,
  COMPLETE: 7,
  FAILED: 7,
  CANCELED: 7,
  TASK: 7,
};

/**
 * True when an observation is older than what is stored: webhooks can arrive out of order, and a late
 * QUEUED must not undo RUNNING. Pipelines do move back (PAUSED -> RUNNING), so only jobs are ranked.
 */
export function isStale(kind: TrackedRun["kind"], stored: string, observed: string): boolean {
  return kind === "job" && (JOB_RANK[observed] ?? 0) < (JOB_RANK[stored] ?? 0);
}
