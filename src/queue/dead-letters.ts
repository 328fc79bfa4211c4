import { z } from "zod";
import type { Deps } from "../deps";
import { QueueMessage } from "./message";
import { sendActions, settleAction } from "./outbox";

/** A message that failed past its retries, kept so an operator can see why and replay it. */
export const DeadLetter = z.object({
  id: z.string(),
  message: QueueMessage,
  error: z.string(),
  attempts: z.number().int(),
  failed_at: z.string(),
  replayed_at: z.string().optional(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

const PREFIX = "dead:";
/** Dead letters are kept 30 days, long enough to notice and replay. */
const KEEP_SECONDS = 30 * 86_400;

/** The id a message is filed under: its action id when it has one, so replays are recognisable. */
export function deadLetterId(message: QueueMessage, fallback: string): string {
  return message.type === "action" ? message.action.id : fallback;
}

export async function fileDeadLetter(deps: Deps, letter: DeadLetter): Promise<void> {
  await deps.kv.put(`${PREFIX}${letter.id}`, JSON.stringify(letter), { expirationTtl: KEEP_SECONDS });
  // Filed is finished, as far as the outbox goes: the cron must not send it again; a replay does.
  if (letter.message.type === "action") await settleAction(deps, letter.message.action.id);
  deps.log.error("dead_letter", {
    id: letter.id,
    type: letter.message.type,
    error: letter.error,
    attempts: letter.attempts,
  });
}

export async function listDeadLetters(deps: Deps): Promise<DeadLetter[]> {
  const page = await deps.kv.list({ prefix: PREFIX, limit: 1000 });
  const letters = await Promise.all(page.keys.map((key) => deps.kv.get(key.name, "json")));
  return letters.flatMap((letter) => (letter === null ? [] : [DeadLetter.parse(letter)]));
}

export async function getDeadLetter(deps: Deps, id: string): Promise<DeadLetter | undefined> {
  const letter = await deps.kv.get(`${PREFIX}${id}`, "json");
  return letter === null ? undefined : DeadLetter.parse(letter);
}

/** Puts the message back on the queue and marks the letter replayed; the handlers' idempotency does the rest. */
export async function replayDeadLetter(deps: Deps, letter: DeadLetter): Promise<DeadLetter> {
  if (letter.message.type === "action") await sendActions(deps, [letter.message.action]);
  else await deps.queue.send(letter.message);
  const replayed = { ...letter, replayed_at: new Date(deps.clock.now()).toISOString() };
  await deps.kv.put(`${PREFIX}${letter.id}`, JSON.stringify(replayed), { expirationTtl: KEEP_SECONDS });
  return replayed;
}
