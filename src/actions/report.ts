import type { Deps } from "../deps";
import { reportToGithub } from "../github/report";
import { reportToSlack } from "../slack/report";
import type { Action, ActionResult } from "./action";

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
