import type { JobOutput, JobStatus } from "../../src/studio/schemas";
import type { PhaseDurations } from "../options";

/** A job as the emulator keeps it: the wire fields plus the bookkeeping that drives its lifecycle. */
export interface EmulatedJob extends JobOutput {
  /** When the current status began, on the emulator's clock. */
  phaseStartedAt: number;
  /** When a SCHEDULED job starts (from `start_after` or the next `cron_expression` time). */
  startAt: number | undefined;
  outcome: Outcome;
  logs: { at: number; message: string }[];
  lastLogAt: number;
  files: string[];
  priority: number;
  cluster: string;
}

/** How a job ends, chosen when it is created (`POST /_emulator/outcomes`, or a marker in the query). */
export interface Outcome {
  status: "COMPLETE" | "FAILED";
  errorMessage: string;
  /** A hanging job stays RUNNING until cancelled: what "stuck" looks like. */
  hang: boolean;
}

/** A query containing this marker fails, so a demo can show a failure without touching the control API. */
export const FAIL_MARKER = "EMULATOR_FAIL";

const NEXT: Partial<Record<JobStatus, JobStatus>> = {
  CREATED: "QUEUED",
  QUEUED: "INIT",
  INIT: "RUNNING",
};

/**
 * Moves a job through CREATED -> QUEUED -> INIT -> RUNNING -> COMPLETE|FAILED (and CANCELING -> CANCELED) up
 * to `now`. Each transition happens at the exact time its phase ends, not at `now`, so a job observed late
 * still has a truthful history. Calls `onChange` for every transition, in order.
 */
export function advanceJob(
  job: EmulatedJob,
  now: number,
  durations: PhaseDurations,
  onChange: (job: EmulatedJob, from: JobStatus, at: number) => void,
): void {
  for (;;) {
    const from = job.status;
    if (from === "SCHEDULED") {
      if (job.startAt === undefined || job.startAt > now) return;
      moveTo(job, "CREATED", job.startAt, "job left the schedule");
    } else if (from === "RUNNING") {
      writeProgress(job, Math.min(now, job.phaseStartedAt + durations.RUNNING), durations.LOG_EVERY);
      const endsAt = job.phaseStartedAt + durations.RUNNING;
      if (job.outcome.hang || endsAt > now) return;
      finish(job, endsAt);
    } else if (from === "CANCELING") {
      const endsAt = job.phaseStartedAt + durations.CANCELING;
      if (endsAt > now) return;
      moveTo(job, "CANCELED", endsAt, "job canceled");
      job.finished_at = new Date(endsAt).toISOString();
    } else {
      const next = NEXT[from];
      const endsAt = job.phaseStartedAt + (durations[from as keyof PhaseDurations] ?? 0);
      if (next === undefined || endsAt > now) return;
      moveTo(job, next, endsAt, next === "RUNNING" ? `running on cluster ${job.cluster}` : `job ${next.toLowerCase()}`);
    }
    onChange(job, from, job.phaseStartedAt);
  }
}

function moveTo(job: EmulatedJob, status: JobStatus, at: number, message: string): void {
  job.status = status;
  job.phaseStartedAt = at;
  job.lastLogAt = at;
  job.logs.push({ at, message });
}

function finish(job: EmulatedJob, at: number): void {
  const failed = job.outcome.status === "FAILED";
  if (failed) job.logs.push({ at, message: `Traceback (most recent call last): ${job.outcome.errorMessage}` });
  moveTo(job, job.outcome.status, at, failed ? "job failed" : "job complete");
  job.finished_at = new Date(at).toISOString();
  job.exit_code = failed ? 1 : 0;
  job.error_message = failed ? job.outcome.errorMessage : null;
}

/** A RUNNING job writes a line every `every` ms, so its logs grow while people watch. */
function writeProgress(job: EmulatedJob, until: number, every: number): void {
  while (job.lastLogAt + every <= until) {
    job.lastLogAt += every;
    const seconds = Math.round((job.lastLogAt - job.phaseStartedAt) / 1000);
    job.logs.push({ at: job.lastLogAt, message: `processed ${seconds * 1000} rows (${seconds}s)` });
  }
}

/** Cancelling: a job that has not started yet ends at once; one that runs goes through CANCELING. */
export function cancelJob(job: EmulatedJob, now: number): "canceled" | "canceling" | "already_finished" {
  if (job.finished_at !== null) return "already_finished";
  if (job.status === "CANCELING") return "canceling";
  if (job.status === "SCHEDULED" || job.status === "CREATED" || job.status === "QUEUED") {
    moveTo(job, "CANCELED", now, "job canceled before it started");
    job.finished_at = new Date(now).toISOString();
    return "canceled";
  }
  moveTo(job, "CANCELING", now, "cancel requested");
  return "canceling";
}

/** The wire view of a job: the bookkeeping fields stay inside the emulator. */
export function jobView(job: EmulatedJob): JobOutput {
  const { phaseStartedAt, startAt, outcome, logs, lastLogAt, files, priority, cluster, ...wire } = job;
  return wire;
}

/** Parses Studio's `K=V` environment lines; returns the offending line when one has no `=`. */
export function parseEnvironment(text: string | undefined): Record<string, string> | { badLine: string } {
  const environment: Record<string, string> = {};
  for (const raw of (text ?? "").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { badLine: line };
    environment[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return environment;
}
