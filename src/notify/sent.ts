import { durationSeconds } from "../config/duration";
import type { Deps } from "../deps";
import type { NotificationRecord } from "../tracking/run";
import type { Notification } from "./notification";

/**
 * What was sent, one key per notification id (`sent:<run id>:<event>:<since>:<notifier>`), the record in
 * the key's metadata: a redelivered message finds it and stops, and the admin API lists a run's
 * notifications with one `list` under `sent:<run id>:`. Kept as long as finished runs are.
 */
const PREFIX = "sent:";

export async function wasSent(deps: Deps, id: string): Promise<boolean> {
  return (await deps.kv.get(`${PREFIX}${id}`)) !== null;
}

export async function recordSent(deps: Deps, notification: Notification): Promise<void> {
  const record: NotificationRecord = {
    at: new Date(deps.clock.now()).toISOString(),
    change_at: notification.change.at,
    event: notification.change.event,
    notifier: notification.notifier,
    ok: true,
  };
  const ttl = Math.max(60, durationSeconds(deps.config.tracking.keep_finished));
  await deps.kv.put(`${PREFIX}${notification.id}`, "", { metadata: record, expirationTtl: ttl });
}

export async function listSent(deps: Deps, runId: string): Promise<(NotificationRecord & { id: string })[]> {
  const page = await deps.kv.list<NotificationRecord>({ prefix: `${PREFIX}${runId}:`, limit: 1000 });
  return page.keys
    .flatMap((key) => (key.metadata ? [{ id: key.name.slice(PREFIX.length), ...key.metadata }] : []))
    .sort((a, b) => `${a.change_at}${a.at}`.localeCompare(`${b.change_at}${b.at}`));
}
