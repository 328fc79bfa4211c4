import { z } from "zod";
import { StateChange } from "../tracking/run";

/**
 * One state change for one notifier: the body of a `notification` queue message. The id is deterministic,
 * `<run id>:<event>:<since>:<notifier>`, so a redelivered message (or the same change seen by the webhook
 * and the poll at once) is sent only once.
 */
export const Notification = z.object({
  id: z.string().min(1),
  notifier: z.string().min(1),
  change: StateChange,
});
export type Notification = z.infer<typeof Notification>;

export function notificationId(change: StateChange, notifier: string): string {
  return `${change.run_id}:${change.event}:${change.since}:${notifier}`;
}
