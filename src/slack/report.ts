import type { Action, Origin } from "../actions/action";
import type { ActionResult } from "../actions/report";
import type { Deps } from "../deps";

/** Reports an executed action in Slack. (Implemented by the Slack work.) */
export async function reportToSlack(
  deps: Deps,
  action: Action,
  origin: Extract<Origin, { kind: "slack" }>,
  result: ActionResult,
): Promise<void> {
  deps.log.info("slack_report_pending_implementation", {
    action: action.id,
    channel: origin.channel,
    result: result.kind,
  });
}
