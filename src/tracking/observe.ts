import type { JobPipelineOutput, JobSummary } from "../studio/schemas";
import type { TrackedRun } from "./run";

/** What Studio says about a run right now, in the shape the diff compares: the same for a webhook and a poll. */
export interface Observation {
  kind: TrackedRun["kind"];
  studio_id: string;
  team: string;
  name: string | null;
  url: string | null;
  status: TrackedRun["status"];
  progress?: { completed: number; total: number };
  job_runs?: NonNullable<TrackedRun["job_runs"]>;
  error_message: string | null;
  created_at: string;
  /**
   * The latest change time Studio itself reports (a pipeline's `updated_at`, a job's `finished_at`), so
   * notification ids do not depend on which path saw the change or when.
   */
  changed_at: string | null;
}

export function observeJob(job: JobSummary): Observation {
  return {
    kind: "job",
    studio_id: job.id,
    team: job.team,
    name: job.name,
    url: job.url,
    status: job.status,
    error_message: job.error_message,
    created_at: job.created_at,
    changed_at: job.finished_at,
  };
}

export function observePipeline(pipeline: JobPipelineOutput, team: string): Observation {
  return {
    kind: "pipeline",
    studio_id: pipeline.pipeline_id,
    team,
    name: pipeline.name,
    url: null,
    status: pipeline.status,
    progress: { completed: pipeline.completed, total: pipeline.total },
    job_runs: pipeline.job_runs.map((run) => ({
      job_id: run.job_id,
      name: run.name,
      status: run.status,
      created_job_id: run.created_job_id,
    })),
    error_message: pipeline.error_message,
    created_at: pipeline.created_at,
    changed_at: pipeline.updated_at,
  };
}

/** `job:<studio id>` / `pipeline:<studio id>`. */
export function runIdOf(kind: TrackedRun["kind"], studioId: string): string {
  return `${kind}:${studioId}`;
}
