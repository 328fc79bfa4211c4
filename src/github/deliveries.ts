import { z } from "zod";
import type { Deps } from "../deps";

/** Deliveries are remembered a week: GitHub lets a user redeliver from its UI for about that long. */
const KEEP_SECONDS = 7 * 86_400;
export const deliveryKey = (delivery: string) => `delivery:${delivery}`;

/**
 * What the bridge decided for one `X-GitHub-Delivery`: recorded once the work is on the queue, so it both
 * answers "why didn't it fire?" (`GET /api/events/:delivery`) and marks the delivery as handled.
 */
export const DeliveryRecord = z.object({
  delivery: z.string(),
  event: z.string(),
  action: z.string().optional(),
  repository: z.string().optional(),
  sender: z.string().optional(),
  sha: z.string().optional(),
  received_at: z.string(),
  /** `accepted` (actions queued), `no_match`, `ignored` (not an event or comment the bridge acts on). */
  status: z.enum(["accepted", "no_match", "ignored"]),
  reason: z.string().optional(),
  decisions: z.array(z.object({ rule: z.string(), matched: z.boolean(), reason: z.string() })),
  actions: z.array(z.object({ id: z.string(), rule: z.string().optional(), operation: z.string() })),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

export async function getDelivery(deps: Deps, delivery: string): Promise<DeliveryRecord | undefined> {
  const stored = await deps.kv.get(deliveryKey(delivery), "json");
  return stored === null ? undefined : DeliveryRecord.parse(stored);
}

export async function recordDelivery(deps: Deps, record: DeliveryRecord): Promise<void> {
  await deps.kv.put(deliveryKey(record.delivery), JSON.stringify(record), { expirationTtl: KEEP_SECONDS });
}
