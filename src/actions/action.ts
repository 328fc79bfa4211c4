import { z } from "zod";
import { JobFields, type JobOutput, type JobPipelineOutput } from "../studio/schemas";

/**
 * What caused an action, carried all the way to the tracked run and every notification, so a message can
 * always say which event and rule started a run.
 */
export const Origin = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("github"),
    /** `X-GitHub-Delivery`. */
    delivery: z.string(),
    event: z.string(),
    repository: z.string(),
    sha: z.string(),
    ref: z.string().optional(),
    sender: z.string(),
    pull_request: z.number().int().optional(),
    /** The ChatOps comment the bridge edits as the run progresses. */
    comment_id: z.number().int().optional(),
  }),
  z.object({
    kind: z.literal("slack"),
    team_id: z.string(),
    channel: z.string(),
    user: z.string(),
    response_url: z.string().optional(),
    /** The command text, for "started by @user with /datachain run ...". */
    command: z.string(),
  }),
  z.object({ kind: z.literal("schedule"), due: z.string() }),
  z.object({ kind: z.literal("admin"), note: z.string().optional() }),
  /** A job started in Studio itself, followed because `tracking.all_jobs` is on. */
  z.object({ kind: z.literal("studio") }),
]);
export type Origin = z.infer<typeof Origin>;

/** A JobInput without the team (the action carries it) and with repository files still to upload. */
export const CreateJob = z.object({
  type: z.literal("create_job"),
  job: JobFields.omit({ team_name: true }).partial({ query: true }),
  /** Read from the repository at the commit (`query_file`) and uploaded (`files`) when the action runs. */
  query_file: z.string().optional(),
  files: z.array(z.string()).default([]),
});

export const StudioOperation = z.discriminatedUnion("type", [
  CreateJob,
  z.object({
    type: z.literal("trigger_pipeline"),
    dataset: z.string(),
    review: z.boolean().default(false),
  }),
  z.object({ type: z.literal("cancel_job"), job_id: z.string() }),
  /** Cancels the active jobs of a concurrency group and/or started by a rule (e.g. when a pull request closes). */
  z.object({
    type: z.literal("cancel_jobs"),
    concurrency_group: z.string().optional(),
    rule: z.string().optional(),
  }),
  z.object({ type: z.literal("pause_pipeline"), pipeline: z.string() }),
  z.object({ type: z.literal("resume_pipeline"), pipeline: z.string() }),
  z.object({ type: z.literal("remove_pipeline_job"), pipeline: z.string(), job_id: z.string() }),
]);
export type StudioOperation = z.infer<typeof StudioOperation>;

/**
 * One unit of Studio work on the queue. `id` is derived from what caused it (delivery + rule, Slack request
 * + command), so a redelivered event produces the same id and the executor can refuse to do it twice.
 */
export const Action = z.object({
  id: z.string().min(1),
  team: z.string().min(1),
  origin: Origin,
  /** The rule or recipe that produced it. */
  rule: z.string().optional(),
  operation: StudioOperation,
  concurrency: z.object({ group: z.string(), cancel_in_progress: z.boolean() }).optional(),
  /** Notifier names for the run it starts. */
  notify: z.array(z.string()).default([]),
  created_at: z.string(),
});
export type Action = z.infer<typeof Action>;
export type ActionInput = z.input<typeof Action>;

/** What executing an action came to, reported back to where the action came from. */
export type ActionResult =
  | { kind: "job"; job: JobOutput /** true when an earlier attempt had already created it */; existing: boolean }
  | { kind: "pipeline"; pipeline: JobPipelineOutput }
  | { kind: "feedback"; ok: boolean; message: string }
  | { kind: "skipped"; reason: string };
