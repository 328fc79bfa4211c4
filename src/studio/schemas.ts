import { z } from "zod";

/**
 * Wire schemas of the DataChain Studio REST API v1.0.0 (paths under `{DATACHAIN_STUDIO_URL}/api`).
 * Both the client and the emulator are built on these, so the two cannot drift apart silently.
 * Objects are loose on purpose: Studio may add fields, and an unknown field must not break the bridge.
 */

/** Job statuses as the `datachain` client knows them. */
export const JOB_STATUSES = [
  "CREATED",
  "SCHEDULED",
  "PROVISIONING",
  "QUEUED",
  "INIT",
  "RUNNING",
  "COMPLETE",
  "FAILED",
  "CANCELING",
  "CANCELED",
  "CANCELING_SCHEDULED",
  "TASK",
  "PENDING",
] as const;
export const JobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatus>;

/** A job in one of these statuses will not change again. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["COMPLETE", "FAILED", "CANCELED", "TASK"];

/** `GET jobs/?status=` also takes these two groups. */
export const JobStatusFilter = z.enum([...JOB_STATUSES, "ACTIVE", "INACTIVE"]);
export type JobStatusFilter = z.infer<typeof JobStatusFilter>;

export const PIPELINE_STATUSES = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "PAUSED", "CANCELED"] as const;
export const PipelineStatus = z.enum(PIPELINE_STATUSES);
export type PipelineStatus = z.infer<typeof PipelineStatus>;
export const TERMINAL_PIPELINE_STATUSES: readonly PipelineStatus[] = ["COMPLETED", "FAILED", "CANCELED"];

export const QueryType = z.enum(["PYTHON", "SHELL"]);

/** The fields of `POST /datachain/jobs/`. */
export const JobFields = z.object({
  query: z.string().min(1),
  query_type: QueryType.default("PYTHON"),
  team_name: z.string().min(1),
  /** `K=V` lines, as the Studio UI takes them. */
  environment: z.string().optional(),
  workers: z.number().int().min(1).optional(),
  query_name: z.string().min(1).optional(),
  /** Ids returned by the upload endpoint. */
  files: z.array(z.string()).optional(),
  python_version: z.string().optional(),
  requirements: z.string().optional(),
  repository: z.string().optional(),
  priority: z.number().int().min(0).max(5).optional(),
  compute_cluster_name: z.string().min(1).optional(),
  compute_cluster_id: z.number().int().optional(),
  start_after: z.iso.datetime({ offset: true }).optional(),
  cron_expression: z.string().min(1).optional(),
  credentials_name: z.string().min(1).optional(),
});

/** Body of `POST /datachain/jobs/`. */
export const JobInput = JobFields.refine(
  (job) => job.compute_cluster_name === undefined || job.compute_cluster_id === undefined,
  {
    message: "give compute_cluster_name or compute_cluster_id, not both",
    path: ["compute_cluster_id"],
  },
);
export type JobInput = z.input<typeof JobInput>;

export const JobOutput = z.looseObject({
  id: z.string(),
  url: z.string(),
  status: JobStatus,
  created_at: z.string(),
  created_by: z.string().nullable(),
  finished_at: z.string().nullable(),
  query: z.string(),
  query_type: QueryType,
  team: z.string(),
  name: z.string().nullable(),
  workers: z.number().int(),
  python_version: z.string().nullable(),
  requirements: z.string().nullable(),
  repository: z.string().nullable(),
  /** A `K=V` string on the way in, an object on the way out. */
  environment: z.record(z.string(), z.string()),
  exit_code: z.number().int().nullable(),
  error_message: z.string().nullable(),
});
export type JobOutput = z.infer<typeof JobOutput>;
export const JobList = z.array(JobOutput);

/**
 * A job as the reconcile sweep reads it from a listing of every active job: only the fields a status
 * comparison and a notification need, validated as JobOutput validates them and kept (a plain object, not a
 * loose one: the rest is dropped unread). At 10,000 tracked runs this halves the cost of validating the listing.
 */
export const JobSummary = z.object(JobOutput.shape).pick({
  id: true,
  url: true,
  status: true,
  created_at: true,
  finished_at: true,
  team: true,
  name: true,
  error_message: true,
});
export type JobSummary = z.infer<typeof JobSummary>;
export const JobSummaryList = z.array(JobSummary);

export const LogLine = z.looseObject({ timestamp: z.string(), message: z.string() });
export const JobLogs = z.looseObject({ job_id: z.string(), status: JobStatus, logs: z.array(LogLine) });
export type JobLogs = z.infer<typeof JobLogs>;

export const ActionFeedback = z.looseObject({ ok: z.boolean(), message: z.string() });
export type ActionFeedback = z.infer<typeof ActionFeedback>;

export const UploadFileOutput = z.looseObject({
  /** Studio answers a number or a string; a JobInput takes it as a string. */
  id: z.union([z.string(), z.number()]).transform(String),
  filename: z.string(),
  size: z.number().int(),
  state: z.string(),
  error: z.string().nullable(),
});
export type UploadFileOutput = z.infer<typeof UploadFileOutput>;

export const Cluster = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  status: z.string(),
  cloud_provider: z.string(),
  cloud_credentials: z.string().nullable(),
  is_active: z.boolean(),
  default: z.boolean(),
  max_workers: z.number().int(),
});
export type Cluster = z.infer<typeof Cluster>;
export const ClusterList = z.array(Cluster);

/** A dataset reference as newer servers take it: `@namespace.project.name@1.0.0`. */
export const DATASET_REF = /^@?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.-]+?)(?:@(\d+\.\d+\.\d+))?$/;

/** Body of `POST /datachain/pipeline/trigger`: the seed's split fields, or the newer `datasets` list. */
export const PipelineTriggerInput = z.union([
  z.object({
    team_name: z.string().min(1),
    namespace_name: z.string().min(1),
    project_name: z.string().min(1),
    dataset_name: z.string().min(1),
    version: z.string().min(1).optional(),
    review: z.boolean().default(false),
  }),
  z.object({
    team_name: z.string().min(1),
    datasets: z.array(z.string().regex(DATASET_REF, "expected @namespace.project.name[@1.0.0]")).min(1),
    review: z.boolean().default(false),
  }),
]);
export type PipelineTriggerInput = z.input<typeof PipelineTriggerInput>;

export const JobRun = z.looseObject({
  job_id: z.string(),
  status: JobStatus,
  parent_job_ids: z.array(z.string()),
  name: z.string(),
  created_job_id: z.string().nullable(),
});
export type JobRun = z.infer<typeof JobRun>;

export const JobPipelineOutput = z.looseObject({
  pipeline_id: z.string(),
  status: PipelineStatus,
  job_runs: z.array(JobRun),
  completed: z.number().int(),
  total: z.number().int(),
  error_message: z.string().nullable(),
  error_stack: z.string().nullable(),
  triggered_from: z.string().nullable(),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type JobPipelineOutput = z.infer<typeof JobPipelineOutput>;
export const PipelineList = z.array(JobPipelineOutput);

export const PipelineOutput = z.looseObject({ ok: z.boolean(), pipeline: JobPipelineOutput });
export type PipelineOutput = z.infer<typeof PipelineOutput>;

/** Finds a pipeline: by id or by name (query for GET, body for POST). */
export const PipelineSelector = z.union([
  z.object({ pipeline_id: z.string().min(1), name: z.string().min(1).optional() }),
  z.object({ pipeline_id: z.string().min(1).optional(), name: z.string().min(1) }),
]);
export type PipelineSelector = z.infer<typeof PipelineSelector>;

/** Studio's error bodies: `{"detail": ...}` or `{"message": ...}`. */
export const StudioErrorBody = z.union([
  z.looseObject({ detail: z.unknown() }),
  z.looseObject({ message: z.unknown() }),
]);
