import { z } from "zod";
import type { Deps } from "../deps";

/** Kept as long as a redelivery or a dead-letter replay can bring the same action back. */
const KEEP_SECONDS = 30 * 86_400;
export const actionKey = (id: string) => `action:${id}`;

/**
 * What became of an action, written once it is done. A second copy of the action (a redelivered event, a
 * duplicate queue message, a replay) finds it and does nothing. Written once per action: KV allows one
 * write per second per key.
 */
export const ActionRecord = z.object({
  id: z.string(),
  state: z.literal("done"),
  done_at: z.string(),
  /** `job:<id>`, `pipeline:<id>`, or what a feedback operation said. */
  result: z.string(),
});
export type ActionRecord = z.infer<typeof ActionRecord>;

export async function getActionRecord(deps: Deps, id: string): Promise<ActionRecord | undefined> {
  const stored = await deps.kv.get(actionKey(id), "json");
  return stored === null ? undefined : ActionRecord.parse(stored);
}

export async function putActionRecord(deps: Deps, record: ActionRecord): Promise<void> {
  await deps.kv.put(actionKey(record.id), JSON.stringify(record), { expirationTtl: KEEP_SECONDS });
}
