import type { Action, ActionResult, Origin } from "../actions/action";
import type { Deps } from "../deps";
import { withNote } from "./answer";
import { escapeText, jobCard, pipelineCard, type SlackMessage, textMessage } from "./cards";
import { describeOperation } from "./mutation";
import { postMessage, postToResponseUrl } from "./web-api";

/**
 * Reports an executed Slack action in the channel it came from, so the team sees who did what: through the
 * command's `response_url` (in_channel), or with the bot token when there is none or it no longer works
 * (Slack honours a response_url for 30 minutes and 5 posts).
 */
export async function reportToSlack(
  deps: Deps,
  action: Action,
  origin: Extract<Origin, { kind: "slack" }>,
  result: ActionResult,
): Promise<void> {
  const message = resultMessage(action, origin, result, deps.clock.now());
  if (origin.response_url) {
    try {
      const inChannel = { response_type: "in_channel" as const, replace_original: false, ...message };
      return await postToResponseUrl(deps, origin.response_url, inChannel);
    } catch (error) {
      deps.log.warn("slack_response_url_failed", { action: action.id, error: String(error) });
    }
  }
  await postMessage(deps, { channel: origin.channel, ...message });
}

/** "@user asked to cancel job `…`: done." above the card of the run it concerns. */
export function resultMessage(
  action: Action,
  origin: Extract<Origin, { kind: "slack" }>,
  result: ActionResult,
  now: number,
): SlackMessage {
  const who = `<@${origin.user}> asked to ${describeOperation(action.operation, action.rule)}`;
  switch (result.kind) {
    case "job": {
      const done = result.existing ? "it was already started" : "started";
      return withNote(jobCard(result.job, { now, origin, rule: action.rule, buttons: true }), `${who}: ${done}.`);
    }
    case "pipeline":
      return withNote(
        pipelineCard(result.pipeline, { now, origin, rule: action.rule, buttons: true }),
        `${who}: done.`,
      );
    case "feedback":
      return textMessage(
        `${result.ok ? ":white_check_mark:" : ":warning:"} ${who}: ${result.ok ? "done" : "Studio refused"}. ${escapeText(result.message)}`,
      );
    case "skipped":
      return textMessage(`:fast_forward: ${who}: skipped, ${escapeText(result.reason)}.`);
  }
}
