import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import type { QueueMessage } from "../queue/message";
import { notifyGithub } from "./github";
import { notifyLog } from "./log";
import { Notification } from "./notification";
import { recordSent, wasSent } from "./sent";
import { notifySlack } from "./slack";
import { notifyWebhook } from "./webhook";

/**
 * Delivers one notification to one notifier (queue handler). A notification already recorded as sent is
 * skipped, so at-least-once delivery sends it once; a failure throws, and the queue retries it with backoff
 * or files it as a dead letter, without holding up the other notifiers.
 */
export async function deliverNotification(
  message: Extract<QueueMessage, { type: "notification" }>,
  deps: Deps,
  attempt: number,
): Promise<void> {
  const parsed = Notification.safeParse(message.notification);
  if (!parsed.success) throw new BridgeError(400, "invalid_notification", "not a notification message");
  const notification = parsed.data;
  if (await wasSent(deps, notification.id)) {
    deps.log.info("notification_duplicate", { id: notification.id });
    return;
  }
  const notifier = deps.config.notifiers.find((candidate) => candidate.name === notification.notifier);
  if (!notifier) throw new BridgeError(422, "unknown_notifier", `no notifier named ${notification.notifier}`);
  const run = await deps.runs.get(notification.change.run_id);
  if (!run) {
    deps.log.warn("notification_run_gone", { id: notification.id });
    return;
  }
  switch (notifier.type) {
    case "log":
      await notifyLog(deps, run, notification);
      break;
    case "slack":
      await notifySlack(deps, notifier, run, notification);
      break;
    case "github":
      await notifyGithub(deps, run, notification);
      break;
    case "webhook":
      await notifyWebhook(deps, notifier, run, notification);
      break;
  }
  await recordSent(deps, notification);
  if (attempt > 1) deps.log.info("notification_delivered_after_retry", { id: notification.id, attempt });
}
