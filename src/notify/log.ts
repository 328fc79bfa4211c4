import type { Deps } from "../deps";
import type { TrackedRun } from "../tracking/run";
import { summary } from "./describe";
import type { Notification } from "./notification";

/** The log notifier: one structured JSON line per state change, always available (Workers Logs indexes it). */
export async function notifyLog(deps: Deps, run: TrackedRun, notification: Notification): Promise<void> {
  const { change } = notification;
  deps.log.info("notification", {
    id: notification.id,
    change: change.event,
    run: run.id,
    status: change.status,
    rule: run.rule,
    url: run.url,
    text: summary(run, change),
  });
}
