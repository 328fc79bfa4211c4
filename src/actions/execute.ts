import type { Deps } from "../deps";
import type { QueueMessage } from "../queue/message";

/** Executes one action against Studio, idempotently. (Implemented by the GitHub-to-Studio work.) */
export async function executeAction(
  message: Extract<QueueMessage, { type: "action" }>,
  deps: Deps,
  attempt: number,
): Promise<void> {
  throw new Error(
    `executeAction is not implemented yet (${message.action.id}, ${attempt}, ${deps.vars.DATACHAIN_STUDIO_TEAM})`,
  );
}
