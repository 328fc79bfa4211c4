import { z } from "zod";
import { Action } from "../actions/action";

/**
 * Everything that travels on the ACTIONS queue. Each kind is handled by the feature that owns it; a message
 * that fails is retried with backoff and, past its retries, lands in the dead-letter queue.
 * Cloudflare Queues caps a message at 128 KB: bodies carry references, not payloads.
 */
export const QueueMessage = z.discriminatedUnion("type", [
  /** Studio work: create a job, trigger a pipeline, cancel, pause, resume, remove-job (`actions/`). */
  z.object({ type: z.literal("action"), action: Action }),
  /** One notification to one notifier for one state change (`notify/`). */
  z.object({ type: z.literal("notification"), notification: z.record(z.string(), z.unknown()) }),
]);
export type QueueMessage = z.infer<typeof QueueMessage>;
export type QueueMessageInput = z.input<typeof QueueMessage>;
