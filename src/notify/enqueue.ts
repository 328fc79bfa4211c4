import type { BridgeConfig } from "../config/schema";
import type { QueueMessage } from "../queue/message";
import type { StateChange, TrackedRun } from "../tracking/run";
import { notificationId } from "./notification";
import { notifiersFor } from "./select";

export type NotificationMessage = MessageSendRequest<QueueMessage>;

/** Cloudflare Queues takes at most 100 messages per `sendBatch`. */
const BATCH_LIMIT = 100;

/**
 * One queue message per change and notifier, so a failing notifier is retried alone and never blocks the
 * others.
 */
export function notificationMessages(
  config: BridgeConfig,
  run: TrackedRun,
  changes: StateChange[],
): NotificationMessage[] {
  return changes.flatMap((change) =>
    notifiersFor(config, run, change.event).map((notifier) => ({
      body: {
        type: "notification" as const,
        notification: { id: notificationId(change, notifier.name), notifier: notifier.name, change },
      },
    })),
  );
}

/** Sends in batches: one queue call per 100 messages, however many changes a tick found. */
export async function sendNotifications(queue: Queue<QueueMessage>, messages: NotificationMessage[]): Promise<void> {
  for (let start = 0; start < messages.length; start += BATCH_LIMIT) {
    await queue.sendBatch(messages.slice(start, start + BATCH_LIMIT));
  }
}
