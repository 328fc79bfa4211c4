import type { Deps } from "../deps";
import { reportToGithub } from "../github/report";
import { reportToSlack } from "../slack/report";
import type { JobOutput, JobPipelineOutput } from "../studio/schemas";
import type { Action } from "./action";

/** What executing an action came to, reported back to where the action came from. */
export type ActionResult =
  | { kind: "job"; job: JobOutput /** true when an earlier attempt had already created it */; existing: boolean }
  | { kind: "pipeline"; pipeline: JobPipelineOutput }
  | { kind: "feedback"; ok: boolean; message: string }
  | { kind: "skipped"; reason: string };

/**
 * Tells the origin what happened: a pending commit status and the ChatOps comment for GitHub, a message for
 * Slack. Schedules and the admin API have no one to tell beyond the log.
 */
export async function reportActionResult(deps: Deps, action: Action, result: ActionResult): Promise<void> {
  deps.log.info("action_done", { action: action.id, rule: action.rule, result: result.kind });
  switch (action.origin.kind) {
    case "github":
      return reportToGithub(deps, action, action.origin, result);
    case "slack":
      return reportToSlack(deps, action, action.origin, result);
    default:
      return;
  }
}
