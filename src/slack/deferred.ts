import type { Deps } from "../deps";
import type { QueueMessage } from "../queue/message";

/** Answers a Slack command after the acknowledgement. (Implemented by the Slack work.) */
export async function runDeferredSlackCommand(
  message: Extract<QueueMessage, { type: "slack_command" }>,
  deps: Deps,
  attempt: number,
): Promise<void> {
  throw new Error(
    `runDeferredSlackCommand is not implemented yet (${Object.keys(message.command)}, ${attempt}, ${deps.vars.DATACHAIN_STUDIO_TEAM})`,
  );
}
