import type { JobPipelineOutput, JobRun } from "../../src/studio/schemas";
import type { PhaseDurations } from "../options";
import type { EmulatedJob } from "./jobs";

/** A pipeline as the emulator keeps it. */
export interface EmulatedPipeline extends JobPipelineOutput {
  team: string;
  phaseStartedAt: number;
  /** Base of the links handed out for its jobs. */
  publicUrl: string;
}

export interface DatasetRef {
  namespace: string;
  project: string;
  name: string;
  version: string | undefined;
}

/**
 * The job runs that rebuild a dataset: a small DAG that depends only on the dataset's name, so tests and demos
 * see the same shape every time. Two to four runs: source -> [clean] -> [features] -> the dataset.
 */
export function buildJobRuns(dataset: DatasetRef, newId: () => string): JobRun[] {
  const base = `${dataset.namespace}.${dataset.project}.${dataset.name}`;
  const size = 2 + ([...base].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 3);
  const run = (name: string, parents: JobRun[]): JobRun => ({
    job_id: newId(),
    status: "PENDING",
    parent_job_ids: parents.map((parent) => parent.job_id),
    name,
    created_job_id: null,
  });
  const source = run(`${base}_source`, []);
  if (size === 2) return [source, run(base, [source])];
  const clean = run(`${base}_clean`, [source]);
  if (size === 3) return [source, clean, run(base, [clean])];
  const features = run(`${base}_features`, [source]);
  return [source, clean, features, run(base, [clean, features])];
}

/**
 * Moves a pipeline forward to `now`: mirrors its jobs' statuses into its job runs, ends it when a run fails or
 * all complete, and starts every run whose parents have completed (unless paused). Returns true when it
 * started a job, since that job must then be advanced too.
 */
export function advancePipeline(
  pipeline: EmulatedPipeline,
  now: number,
  durations: PhaseDurations,
  jobs: Map<string, EmulatedJob>,
  startJob: (pipeline: EmulatedPipeline, run: JobRun, at: number) => EmulatedJob,
): boolean {
  if (pipeline.status === "PENDING" && pipeline.phaseStartedAt + durations.PIPELINE_PENDING <= now) {
    setStatus(pipeline, "RUNNING", pipeline.phaseStartedAt + durations.PIPELINE_PENDING);
  }
  let latestChange = Date.parse(pipeline.updated_at);
  for (const run of pipeline.job_runs) {
    const job = run.created_job_id === null ? undefined : jobs.get(run.created_job_id);
    if (job && run.status !== job.status) {
      run.status = job.status;
      latestChange = Math.max(latestChange, job.phaseStartedAt);
    }
  }
  pipeline.completed = pipeline.job_runs.filter((run) => run.status === "COMPLETE").length;
  pipeline.total = pipeline.job_runs.length;
  pipeline.updated_at = new Date(latestChange).toISOString();
  if (pipeline.status === "COMPLETED" || pipeline.status === "FAILED" || pipeline.status === "CANCELED") return false;

  const broken = pipeline.job_runs.find((run) => run.status === "FAILED" || run.status === "CANCELED");
  if (broken) {
    const job = broken.created_job_id ? jobs.get(broken.created_job_id) : undefined;
    const failed = broken.status === "FAILED";
    setStatus(pipeline, failed ? "FAILED" : "CANCELED", latestChange);
    pipeline.error_message = failed ? `job ${broken.name} failed: ${job?.error_message ?? "unknown error"}` : null;
    pipeline.error_stack = failed
      ? (job?.logs
          .slice(-3)
          .map((line) => line.message)
          .join("\n") ?? null)
      : null;
    for (const run of pipeline.job_runs) if (run.status === "PENDING") run.status = "CANCELED";
    return false;
  }
  if (pipeline.total > 0 && pipeline.completed === pipeline.total) {
    setStatus(pipeline, "COMPLETED", latestChange);
    return false;
  }
  if (pipeline.status !== "RUNNING") return false;

  let started = false;
  for (const run of pipeline.job_runs) {
    if (run.status !== "PENDING" || run.created_job_id !== null) continue;
    const parents = run.parent_job_ids.map((id) => pipeline.job_runs.find((other) => other.job_id === id));
    if (!parents.every((parent) => parent === undefined || parent.status === "COMPLETE")) continue;
    const at = Math.max(
      pipeline.phaseStartedAt,
      ...parents.map((parent) => {
        const job = parent?.created_job_id ? jobs.get(parent.created_job_id) : undefined;
        return job?.finished_at ? Date.parse(job.finished_at) : 0;
      }),
    );
    const job = startJob(pipeline, run, at);
    run.created_job_id = job.id;
    run.status = job.status;
    started = true;
  }
  return started;
}

export function setStatus(pipeline: EmulatedPipeline, status: EmulatedPipeline["status"], at: number): void {
  pipeline.status = status;
  pipeline.phaseStartedAt = at;
  pipeline.updated_at = new Date(at).toISOString();
}

/** The wire view of a pipeline. */
export function pipelineView(pipeline: EmulatedPipeline): JobPipelineOutput {
  const { team, phaseStartedAt, publicUrl, ...wire } = pipeline;
  return { ...wire, job_runs: wire.job_runs.map((run) => ({ ...run, parent_job_ids: [...run.parent_job_ids] })) };
}
