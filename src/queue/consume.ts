import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import { StudioError } from "../studio/error";
import { deadLetterId, fileDeadLetter } from "./dead-letters";
import { QueueMessage } from "./message";
import { settleAction } from "./outbox";

/** How each kind of message is handled. A handler throws to ask for a retry. */
export type QueueHandlers = {
  [K in QueueMessage["type"]]: (
    message: Extract<QueueMessage, { type: K }>,
    deps: Deps,
    attempt: number,
  ) => Promise<void>;
};

/** Matches `max_retries` of the consumer in wrangler.toml: the last attempt files its own dead letter. */
export const MAX_ATTEMPTS = 6;

/** Backoff between attempts: 10 s, 20 s, 40 s ... capped at 5 minutes. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(300, 10 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Consumes a batch from the ACTIONS queue (at-least-once: handlers are idempotent). A failure that cannot
 * succeed on retry (a 4xx from Studio, an invalid action) or the last attempt files a dead letter with the
 * error; any other failure is retried with backoff.
 */
export async function consumeBatch(batch: MessageBatch<unknown>, deps: Deps, handlers: QueueHandlers): Promise<void> {
  for (const message of batch.messages) {
    const parsed = QueueMessage.safeParse(message.body);
    if (!parsed.success) {
      deps.log.error("queue_message_invalid", { id: message.id, issues: parsed.error.issues.slice(0, 3) });
      message.ack();
      continue;
    }
    const body = parsed.data;
    try {
      await (handlers[body.type] as (m: QueueMessage, d: Deps, a: number) => Promise<void>)(
        body,
        deps,
        message.attempts,
      );
      if (body.type === "action") await settleAction(deps, body.action.id);
      message.ack();
    } catch (error) {
      const permanent = isPermanent(error);
      if (permanent || message.attempts >= MAX_ATTEMPTS) {
        await fileDeadLetter(deps, {
          id: deadLetterId(body, message.id),
          message: body,
          error: describe(error),
          attempts: message.attempts,
          failed_at: new Date(deps.clock.now()).toISOString(),
        });
        message.ack();
      } else {
        deps.log.warn("queue_retry", {
          id: message.id,
          type: body.type,
          attempt: message.attempts,
          error: describe(error),
        });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  }
}

/**
 * Dead letters the platform moved to the DLQ without our consumer filing them (a crash, a CPU limit):
 * file them too, so the admin API shows every one.
 */
export async function consumeDeadLetterQueue(batch: MessageBatch<unknown>, deps: Deps): Promise<void> {
  for (const message of batch.messages) {
    const parsed = QueueMessage.safeParse(message.body);
    if (parsed.success) {
      await fileDeadLetter(deps, {
        id: deadLetterId(parsed.data, message.id),
        message: parsed.data,
        error: "moved to the dead-letter queue by the platform after its retries",
        attempts: message.attempts,
        failed_at: new Date(deps.clock.now()).toISOString(),
      });
    }
    message.ack();
  }
}

function isPermanent(error: unknown): boolean {
  if (error instanceof StudioError) return !error.retryable;
  return error instanceof BridgeError && error.status < 500;
}

function describe(error: unknown): string {
  if (error instanceof BridgeError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
