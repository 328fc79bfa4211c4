import type { Action, Origin } from "../actions/action";
import type { ActionResult } from "../actions/report";
import type { Deps } from "../deps";

/** Reports an executed action on GitHub. (Implemented by the GitHub work.) */
export async function reportToGithub(
  deps: Deps,
  action: Action,
  origin: Extract<Origin, { kind: "github" }>,
  result: ActionResult,
): Promise<void> {
  deps.log.info("github_report_pending_implementation", { action: action.id, sha: origin.sha, result: result.kind });
}
