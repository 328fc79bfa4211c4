import type { Deps } from "../deps";
import type { QueueMessage } from "../queue/message";

/** Delivers one notification to one notifier. (Implemented by the tracking work.) */
export async function deliverNotification(
  message: Extract<QueueMessage, { type: "notification" }>,
  deps: Deps,
  attempt: number,
): Promise<void> {
  throw new Error(
    `deliverNotification is not implemented yet (${Object.keys(message.notification)}, ${attempt}, ${deps.vars.DATACHAIN_STUDIO_TEAM})`,
  );
}
