import type { Deps } from "../deps";
import { updateIssueComment } from "../github/comment";
import { type CommitState, setCommitStatus } from "../github/status";
import { StudioError } from "../studio/error";
import type { StateChange, TrackedRun } from "../tracking/run";
import { headline, isFinal, summary } from "./describe";
import type { Notification } from "./notification";

const FINAL_STATE: Record<string, CommitState["state"]> = {
  completed: "success",
  failed: "failure",
  canceled: "error",
};

/**
 * The GitHub notifier, for runs a GitHub event started: the final commit status on the triggering commit
 * (context `studio-bridge/<rule>`, the failing job's last log lines as the description), and the ChatOps
 * comment edited on every change when the run came from one.
 */
export async function notifyGithub(deps: Deps, run: TrackedRun, notification: Notification): Promise<void> {
  if (run.origin.kind !== "github") return;
  const { repository, sha, comment_id } = run.origin;
  const { change } = notification;
  let description = headline(run, change);
  if (isFinal(change)) {
    const state = FINAL_STATE[change.event.split(".")[1] ?? ""] ?? "error";
    if (state === "failure") description = await failureDescription(deps, run, change);
    await setCommitStatus(deps, repository, sha, {
      state,
      description,
      target_url: run.url ?? undefined,
      context: `studio-bridge/${run.rule ?? run.kind}`,
    });
  }
  if (comment_id !== undefined) {
    const link = run.url ? ` ([open in Studio](${run.url}))` : "";
    await updateIssueComment(deps, repository, comment_id, `${summary(run, change)}${link}\n\n${description}`);
  }
}

/** "job clean failed: <last log lines>", from the failed job's logs (its error message if they are out of reach). */
async function failureDescription(deps: Deps, run: TrackedRun, change: StateChange): Promise<string> {
  const jobId = run.kind === "job" ? run.studio_id : change.failed_job?.job_id;
  const prefix = change.failed_job ? `job ${change.failed_job.name} failed: ` : "failed: ";
  if (!jobId) return `${prefix}${change.error_message ?? "no details"}`;
  try {
    const { logs } = await deps.studio(run.team).jobLogs(jobId);
    return `${prefix}${logs
      .slice(-3)
      .map((line) => line.message)
      .join(" / ")}`;
  } catch (error) {
    if (!(error instanceof StudioError)) throw error;
    return `${prefix}${change.error_message ?? "no details"}`;
  }
}
