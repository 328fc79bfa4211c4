import { z } from "zod";
import { Origin } from "../actions/action";
import { JobStatus, PipelineStatus } from "../studio/schemas";

/** Typed state-change events, e.g. `job.running`, `job.failed`, `pipeline.progress`, `job.stuck`. */
export const StateChangeType = z.string().regex(/^(job|pipeline)\.[a-z_]+$/);
export type StateChangeType = z.infer<typeof StateChangeType>;

/** Where a run's Slack messages go: the channel it was started or watched from, threaded per run. */
export const SlackSubscriber = z.object({
  kind: z.literal("slack"),
  channel: z.string(),
  /** The first message, updated in place as the run progresses; replies thread under it. */
  message_ts: z.string().optional(),
  notify: z.array(z.string()).optional(),
});
export type SlackSubscriber = z.infer<typeof SlackSubscriber>;

/**
 * One observed state change of a tracked run: what `diffRun` produces and what every notification carries.
 * `since` is a time Studio reported (or the status start the bridge recorded), so the webhook and the poll
 * seeing the same change compute the same notification id.
 */
export const StateChange = z.object({
  event: StateChangeType,
  run_id: z.string(),
  status: z.string(),
  previous_status: z.string().optional(),
  /** When the bridge saw it. */
  at: z.string(),
  since: z.string(),
  seen_by: z.enum(["webhook", "poll", "action"]),
  progress: z.object({ completed: z.number().int(), total: z.number().int() }).optional(),
  /** `pipeline.failed`: the job run that failed inside the pipeline, and the Studio job it created. */
  failed_job: z.object({ name: z.string(), job_id: z.string().nullable() }).optional(),
  error_message: z.string().nullable().optional(),
});
export type StateChange = z.infer<typeof StateChange>;

export const HistoryEntry = z.object({
  at: z.string(),
  event: StateChangeType,
  status: z.string(),
  /** `webhook` or `poll`: which path saw the change first. */
  seen_by: z.enum(["webhook", "poll", "action"]),
});

export const NotificationRecord = z.object({
  at: z.string(),
  /** When the change it reports was seen, for ordering. */
  change_at: z.string().optional(),
  event: StateChangeType,
  notifier: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
});

/**
 * A Studio job or pipeline the bridge follows. Stored in full at `run:<id>`; while it is not finished it is
 * also listed under `active:<id>` with a compact summary in the key's metadata, so a cron tick learns the
 * whole active set from `list` calls (1,000 keys per call) instead of one read per run.
 */
export const TrackedRun = z.object({
  /** `job:<studio id>` or `pipeline:<studio id>`. */
  id: z.string(),
  kind: z.enum(["job", "pipeline"]),
  studio_id: z.string(),
  team: z.string(),
  name: z.string().nullable(),
  url: z.string().nullable(),
  status: z.union([JobStatus, PipelineStatus]),
  /** Pipelines: completed/total and the job runs, so a failure inside one is reported as such. */
  progress: z.object({ completed: z.number().int(), total: z.number().int() }).optional(),
  job_runs: z
    .array(
      z.object({
        job_id: z.string(),
        name: z.string(),
        status: z.string(),
        created_job_id: z.string().nullable().optional(),
      }),
    )
    .optional(),
  error_message: z.string().nullable().default(null),
  created_at: z.string(),
  /** When the status last changed, as far as the bridge knows. */
  status_since: z.string(),
  origin: Origin,
  action_id: z.string().optional(),
  rule: z.string().optional(),
  notify: z.array(z.string()).default([]),
  subscribers: z.array(SlackSubscriber).default([]),
  /** `*.stuck` was sent for the current status; cleared when the status moves. */
  stuck_notified: z.boolean().default(false),
  history: z.array(HistoryEntry).default([]),
  notifications: z.array(NotificationRecord).default([]),
});
export type NotificationRecord = z.infer<typeof NotificationRecord>;
export type TrackedRun = z.infer<typeof TrackedRun>;
export type TrackedRunInput = z.input<typeof TrackedRun>;

/** The metadata of an `active:<id>` key: just enough to reconcile without reading the run (KV metadata <= 1 KiB). */
export const ActiveSummary = z.object({
  kind: z.enum(["job", "pipeline"]),
  team: z.string(),
  status: z.string(),
  /** Pipelines: `completed/total`, so progress changes are seen without a read. */
  progress: z.string().optional(),
  /** Epoch ms of the last status change, for stuck detection. */
  since: z.number(),
  stuck: z.boolean().optional(),
});
export type ActiveSummary = z.infer<typeof ActiveSummary>;

/** The compact summary a run keeps in its index entry's metadata. */
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
