import { Action } from "../actions/action";
import type { Deps } from "../deps";

/**
 * Accepted actions are written to KV (`outbox:<action id>`) before they go on the queue, and removed once the
 * consumer has finished with them (done or dead-lettered). If a message is ever lost between the two — a
 * local `wrangler dev` queue lives in memory and is gone after a restart — the cron puts it back on the
 * queue. The executor is idempotent, so a redriven action never starts a second job.
 */
export const OUTBOX_PREFIX = "outbox:";

/** Each redriven action costs a read, a write and a send: 100 keep a tick far inside 1,000 operations. */
const MAX_REDRIVES_PER_TICK = 100;

interface OutboxEntry {
  /** Epoch ms the action was last sent. */
  sent: number;
}

/** Records the actions, then queues them; throws (nothing half-promised) when either step fails. */
export async function sendActions(deps: Deps, actions: readonly Action[]): Promise<void> {
  const sent = deps.clock.now();
  for (const action of actions) {
    await deps.kv.put(`${OUTBOX_PREFIX}${action.id}`, JSON.stringify(action), {
      metadata: { sent } satisfies OutboxEntry,
    });
  }
  if (actions.length > 0) await deps.queue.sendBatch(actions.map((action) => ({ body: { type: "action", action } })));
}

/** The consumer is done with an action (it ran, or it is filed as a dead letter). */
export async function settleAction(deps: Deps, actionId: string): Promise<void> {
  await deps.kv.delete(`${OUTBOX_PREFIX}${actionId}`);
}

/**
 * Sends again the actions that have waited longer than `redriveAfterSeconds`, at most 100 a tick (the rest
 * on the next). A tick with nothing waiting costs one KV list.
 */
export async function redriveOutbox(deps: Deps, now: number, redriveAfterSeconds: number): Promise<number> {
  const page = await deps.kv.list<OutboxEntry>({ prefix: OUTBOX_PREFIX, limit: 1000 });
  const due = page.keys
    .filter((key) => (key.metadata?.sent ?? 0) + redriveAfterSeconds * 1000 <= now)
    .slice(0, MAX_REDRIVES_PER_TICK);
  let redriven = 0;
  for (const key of due) {
    const stored = await deps.kv.get(key.name, "json");
    if (stored === null) continue;
    const action = Action.parse(stored);
    await deps.kv.put(key.name, JSON.stringify(action), { metadata: { sent: now } satisfies OutboxEntry });
    await deps.queue.send({ type: "action", action });
    redriven += 1;
  }
  if (redriven > 0) deps.log.warn("outbox_redriven", { actions: redriven });
  return redriven;
}
