import { Hono } from "hono";
import { z } from "zod";
import { readCapped } from "../body";
import { secretList, verifySha256Header } from "../crypto";
import type { AppEnv } from "../deps";
import { BridgeError } from "../errors";
import { sendNotifications } from "../notify/enqueue";
import { JobOutput } from "../studio/schemas";
import { applyFirstSighting, applyObservation } from "./apply";
import { observeJob, runIdOf } from "./observe";
import { isFinished } from "./store";

/** Studio's team webhooks: a job's new state, or a ping when the webhook is set up. */
export const StudioWebhook = z.union([
  z.object({ action: z.literal("job_status"), job: JobOutput }),
  z.looseObject({ action: z.literal("ping") }),
]);
export type StudioWebhook = z.infer<typeof StudioWebhook>;

export const SIGNATURE_HEADER = "x-datachain-signature-256";
/** A job event is a few KB; anything far larger is not from Studio. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * `POST /webhooks/studio`. Checks in a fixed order, each failure with its own status (the way
 * @octokit/webhooks-methods does): 415 content type, 413 size, 400 missing signature, 401 bad signature
 * (before anything is parsed), 400 body. A job event goes through the same state-change path as the poll.
 */
export function studioWebhookRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post("/", async (c) => {
    const deps = c.var.deps;
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json" && type !== "application/x-www-form-urlencoded") {
      throw new BridgeError(415, "unsupported_media_type", "send application/json or a form-encoded payload=");
    }
    if (Number(c.req.header("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
    const signature = c.req.header(SIGNATURE_HEADER);
    if (!signature) throw new BridgeError(400, "missing_headers", `missing header: X-Datachain-Signature-256`);
    const secrets = secretList(deps.vars.STUDIO_WEBHOOK_SECRET);
    if (secrets.length === 0) {
      throw new BridgeError(503, "studio_webhooks_disabled", "set STUDIO_WEBHOOK_SECRET to accept Studio webhooks");
    }
    const body = await readCapped(c.req.raw, MAX_BODY_BYTES, tooLarge);
    if (!(await verifySha256Header(signature, body, secrets))) {
      throw new BridgeError(401, "invalid_signature", "the X-Datachain-Signature-256 signature does not match");
    }
    const event = parseStudioWebhook(type, new TextDecoder().decode(body));
    // Studio's job ids are UUIDs; the id becomes part of KV keys (512 bytes at most).
    if (event.action === "job_status" && new TextEncoder().encode(event.job.id).byteLength > 256)
      throw new BridgeError(400, "invalid_body", "not a Studio webhook: job.id is longer than 256 bytes");

    if (event.action === "ping") return c.json({ ok: true, pong: true });
    const now = deps.clock.now();
    const previous = await deps.runs.get(runIdOf("job", event.job.id));
    if (previous && isFinished(previous)) return c.json({ ok: true, tracked: false });
    if (!previous && !deps.config.tracking.all_jobs) return c.json({ ok: true, tracked: false });
    const result = previous
      ? await applyObservation(deps, previous, observeJob(event.job), now, "webhook")
      : await applyFirstSighting(deps, observeJob(event.job), now, "webhook");
    await sendNotifications(deps.queue, result.messages);
    return c.json({ ok: true, tracked: true, changes: result.changes.map((change) => change.event) });
  });

  return routes;
}

/** JSON, or a form with the JSON in `payload` (the two encodings Studio's webhook settings offer). */
export function parseStudioWebhook(contentType: string | undefined, text: string): StudioWebhook {
  let json: unknown;
  try {
    const raw = contentType === "application/x-www-form-urlencoded" ? new URLSearchParams(text).get("payload") : text;
    if (raw === null) throw new Error("no payload field");
    json = JSON.parse(raw);
  } catch {
    throw new BridgeError(400, "invalid_body", "the body is not JSON (or a form with a JSON payload field)");
  }
  const parsed = StudioWebhook.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BridgeError(
      400,
      "invalid_body",
      `not a Studio webhook: ${issue?.path.join(".") || "body"} ${issue?.message}`,
    );
  }
  return parsed.data;
}

function tooLarge(): BridgeError {
  return new BridgeError(413, "payload_too_large", `a Studio webhook is at most ${MAX_BODY_BYTES} bytes`);
}
