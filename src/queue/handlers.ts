import { executeAction } from "../actions/execute";
import { deliverNotification } from "../notify/deliver";
import type { QueueHandlers } from "./consume";

/** Which feature handles which kind of queue message. */
export const queueHandlers: QueueHandlers = {
  action: executeAction,
  notification: deliverNotification,
};
