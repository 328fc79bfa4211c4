import { describeOrigin } from "../slack/cards";
import type { StateChange, TrackedRun } from "../tracking/run";

const VERBS: Record<string, string> = {
  queued: "is queued",
  running: "is running",
  completed: "completed",
  failed: "failed",
  canceled: "was canceled",
  paused: "was paused",
  progress: "made progress",
  stuck: "looks stuck",
};

/** "Job train-main failed" / "Pipeline rebuild-cats made progress (2/4)". */
export function headline(run: TrackedRun, change: StateChange): string {
  const [kind, what = ""] = change.event.split(".");
  const noun = kind === "job" ? "Job" : "Pipeline";
  const name = run.name ?? run.studio_id.slice(0, 8);
  let text = `${noun} ${name} ${VERBS[what] ?? what}`;
  if (change.progress && kind === "pipeline") text += ` (${change.progress.completed}/${change.progress.total})`;
  if (what === "stuck") text += `: ${change.status} since ${run.status_since}`;
  if (change.failed_job) text += `: job ${change.failed_job.name} failed`;
  return text;
}

/** The headline and what caused the run: every message says which event and rule started it. */
export function summary(run: TrackedRun, change: StateChange): string {
  const cause = describeOrigin(run.origin, run.rule);
  return cause ? `${headline(run, change)} · started by ${cause}` : headline(run, change);
}

export function isFailure(change: StateChange): boolean {
  return change.event.endsWith(".failed") || change.event.endsWith(".stuck");
}

export function isFinal(change: StateChange): boolean {
  return /\.(completed|failed|canceled)$/.test(change.event);
}
