import { Hono } from "hono";
import type { z } from "zod";
import { hmacSha256, toHex } from "../../src/crypto";
import { StudioWebhookSettings } from "../options";
import { jobView } from "./jobs";
import type { JobTransition, StudioWorld } from "./world";

/** One webhook the emulator sent, dropped or failed to send, for tests to read back. */
export interface WebhookDelivery {
  job_id: string;
  status: string;
  at: string;
  outcome: "delivered" | "dropped" | "failed";
  response_status?: number;
}

/** How a delivery leaves: `fetch` for a real server, the bridge app's `fetch` for in-process tests. */
export type WebhookTransport = (request: Request) => Promise<Response>;

/**
 * Studio's team webhooks as the emulator sends them: on every job transition, `{"action": "job_status",
 * "job": {...}}` signed `X-Datachain-Signature-256: sha256=<hex HMAC of the body>`.
 */
export class StudioWebhookSender {
  settings: StudioWebhookSettings;
  readonly deliveries: WebhookDelivery[] = [];
  /** Deliveries leave one after another, in the order the transitions happened, as a per-hook queue would. */
  #chain: Promise<void> = Promise.resolve();
  #transport: WebhookTransport;

  constructor(
    world: StudioWorld,
    settings: z.input<typeof StudioWebhookSettings> | undefined,
    readonly random: () => number,
    transport: WebhookTransport = (request) => fetch(request),
  ) {
    this.settings = StudioWebhookSettings.parse(settings ?? {});
    this.#transport = transport;
    world.onJobTransition((transition) => this.#send(transition));
  }

  configure(settings: z.input<typeof StudioWebhookSettings>, transport?: WebhookTransport): void {
    this.settings = StudioWebhookSettings.parse({ ...this.settings, ...settings });
    if (transport) this.#transport = transport;
  }

  /** Waits for every delivery in flight: tests call it after moving the clock. */
  async flush(): Promise<void> {
    let last: Promise<void>;
    do {
      last = this.#chain;
      await last;
    } while (last !== this.#chain);
  }

  #send({ job, at }: JobTransition): void {
    const { url, secret, encoding, delay_ms, drop_rate } = this.settings;
    if (!url || !secret) return;
    // Snapshot now: the job moves on before the delivery leaves.
    const json = JSON.stringify({ action: "job_status", job: jobView(job) });
    const record: WebhookDelivery = {
      job_id: job.id,
      status: job.status,
      at: new Date(at).toISOString(),
      outcome: "delivered",
    };
    const dropped = this.random() < drop_rate;
    const deliver = async () => {
      if (delay_ms > 0) await new Promise((resolve) => setTimeout(resolve, delay_ms));
      if (dropped) {
        record.outcome = "dropped";
        return;
      }
      const body = encoding === "form" ? new URLSearchParams({ payload: json }).toString() : json;
      const signature = `sha256=${toHex(await hmacSha256(secret, body))}`;
      const contentType = encoding === "form" ? "application/x-www-form-urlencoded" : "application/json";
      try {
        const response = await this.#transport(
          new Request(url, {
            method: "POST",
            headers: { "content-type": contentType, "x-datachain-signature-256": signature },
            body,
          }),
        );
        record.response_status = response.status;
        if (!response.ok) record.outcome = "failed";
      } catch {
        record.outcome = "failed";
      }
    };
    this.deliveries.push(record);
    this.#chain = this.#chain.then(deliver);
  }
}

/** `GET /_emulator/webhooks` (settings without the secret, and deliveries) and `POST` to change settings. */
export function webhookControl(sender: StudioWebhookSender): Hono {
  const control = new Hono();
  control.onError((error, c) => c.json({ error: { code: "bad_request", message: error.message } }, 400));
  const view = () => ({
    settings: { ...sender.settings, secret: sender.settings.secret ? "[set]" : undefined },
    deliveries: sender.deliveries,
  });
  control.get("/", (c) => c.json(view()));
  control.post("/", async (c) => {
    sender.configure(StudioWebhookSettings.partial().parse(await c.req.json()));
    return c.json(view());
  });
  return control;
}
