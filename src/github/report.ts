import type { Action, ActionResult, Origin } from "../actions/action";
import type { Deps } from "../deps";
import { updateIssueComment } from "./comment";
import { setCommitStatus } from "./status";

/** Commit statuses need a full commit sha; a release event only names its tag. */
const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** The status context of a rule: one line per rule on the commit. */
export const statusContext = (rule: string | undefined) => `studio-bridge/${rule ?? "action"}`;

/**
 * Reports an executed action on GitHub: a pending commit status linking to the Studio job for what it
 * started, and the ChatOps comment edited to say what happened. The tracking notifier sets the final state
 * through the same `setCommitStatus` and edits the same comment later.
 */
export async function reportToGithub(
  deps: Deps,
  action: Action,
  origin: Extract<Origin, { kind: "github" }>,
  result: ActionResult,
): Promise<void> {
  const summary = summaryOf(result);
  if ((result.kind === "job" || result.kind === "pipeline") && COMMIT_SHA.test(origin.sha)) {
    await setCommitStatus(deps, origin.repository, origin.sha, {
      state: "pending",
      description: summary,
      target_url: result.kind === "job" ? result.job.url : undefined,
      context: statusContext(action.rule),
    });
  }
  if (origin.comment_id !== undefined) {
    const link = result.kind === "job" ? ` ([open in Studio](${result.job.url}))` : "";
    await updateIssueComment(
      deps,
      origin.repository,
      origin.comment_id,
      `\`${action.rule ?? action.id}\` on ${origin.sha.slice(0, 7)}: ${summary}${link}`,
    );
  }
}

/** One line, under GitHub's 140-character status description. */
function summaryOf(result: ActionResult): string {
  switch (result.kind) {
    case "job":
      return `Studio job ${result.job.name ?? result.job.id} is ${result.job.status}`;
    case "pipeline":
      return `Studio pipeline ${result.pipeline.name} is ${result.pipeline.status}`;
    case "feedback":
      return result.message;
    case "skipped":
      return `skipped: ${result.reason}`;
  }
}
