import type { Notifier } from "../config/schema";
import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import { describeOrigin } from "../slack/cards";
import type { TrackedRun } from "../tracking/run";
import { headline } from "./describe";
import type { Notification } from "./notification";
import { standardWebhookHeaders } from "./standard-webhooks";

/**
 * An outgoing webhook signed per Standard Webhooks; the notification id is the `webhook-id`, so receivers
 * can drop a redelivery. 5xx and 429 are retried with the queue's backoff; any other non-2xx is permanent.
 */
export async function notifyWebhook(
  deps: Deps,
  notifier: Extract<Notifier, { type: "webhook" }>,
  run: TrackedRun,
  notification: Notification,
): Promise<void> {
  const secret = deps.env[notifier.secret];
  if (typeof secret !== "string" || secret === "") {
    throw new BridgeError(
      500,
      "bridge_misconfigured",
      `notifier ${notifier.name}: secret ${notifier.secret} is not set`,
    );
  }
  const { change } = notification;
  const body = JSON.stringify({
    type: change.event,
    timestamp: change.at,
    data: {
      text: headline(run, change),
      cause: describeOrigin(run.origin, run.rule) ?? null,
      change,
      run: {
        id: run.id,
        kind: run.kind,
        studio_id: run.studio_id,
        team: run.team,
        name: run.name,
        url: run.url,
        status: run.status,
        rule: run.rule ?? null,
        origin: run.origin,
      },
    },
  });
  const headers = await standardWebhookHeaders(secret, notification.id, Math.floor(deps.clock.now() / 1000), body);
  const response = await deps.fetch(notifier.url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "studio-bridge", ...headers },
    body,
  });
  if (!response.ok) {
    const retryable = response.status >= 500 || response.status === 429;
    throw new BridgeError(
      retryable ? 502 : 422,
      "webhook_delivery_failed",
      `notifier ${notifier.name} answered ${response.status}`,
    );
  }
}
