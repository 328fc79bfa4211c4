import { readCapped } from "../body";
import type { BridgeVars } from "../config/env";
import { secretList, verifySha256Header } from "../crypto";
import { BridgeError } from "../errors";

/** GitHub caps webhook payloads at 25 MB and does not send larger ones. */
export const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;
const REQUIRED_HEADERS = ["x-github-event", "x-github-delivery", "x-hub-signature-256"] as const;

/** A delivery whose signature checked out, with its body still unparsed. */
export interface VerifiedDelivery {
  event: string;
  delivery: string;
  contentType: "json" | "form";
  body: Uint8Array;
}

/**
 * Checks a webhook request in the order @octokit/webhooks does, each failure with its own status: 415
 * content type, 413 size, 400 missing headers (all of them named), 401 signature. The raw body is read
 * once and verified before anything parses it. https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries
 */
export async function verifyDelivery(request: Request, vars: BridgeVars): Promise<VerifiedDelivery> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json" && type !== "application/x-www-form-urlencoded") {
    throw new BridgeError(
      415,
      "unsupported_media_type",
      "send application/json or application/x-www-form-urlencoded (the webhook's content type in GitHub)",
    );
  }
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_PAYLOAD_BYTES) throw tooLarge();
  const body = await readCapped(request, MAX_PAYLOAD_BYTES, tooLarge);
  const missing = REQUIRED_HEADERS.filter((name) => !request.headers.get(name));
  if (missing.length > 0) {
    throw new BridgeError(400, "missing_headers", `missing required headers: ${missing.join(", ")}`);
  }
  // GitHub's delivery ids are GUIDs; the id becomes part of KV keys (512 bytes at most).
  if ((request.headers.get("x-github-delivery") ?? "").length > 128) {
    throw new BridgeError(400, "invalid_delivery_id", "X-GitHub-Delivery is longer than 128 characters");
  }
  const secrets = secretList(vars.GITHUB_WEBHOOK_SECRET);
  // Fail closed: without a secret no delivery can be trusted.
  if (secrets.length === 0)
    throw new BridgeError(503, "github_webhooks_disabled", "set GITHUB_WEBHOOK_SECRET to receive GitHub webhooks");
  if (!(await verifySha256Header(request.headers.get("x-hub-signature-256"), body, secrets))) {
    throw new BridgeError(401, "invalid_signature", "X-Hub-Signature-256 does not match the payload");
  }
  return {
    event: request.headers.get("x-github-event") as string,
    delivery: request.headers.get("x-github-delivery") as string,
    contentType: type === "application/json" ? "json" : "form",
    body,
  };
}

/** The JSON payload: the body itself, or the `payload` field of a form-encoded delivery. */
export function parsePayload(delivery: VerifiedDelivery): unknown {
  const text = new TextDecoder().decode(delivery.body);
  const json = delivery.contentType === "json" ? text : new URLSearchParams(text).get("payload");
  if (json === null) throw new BridgeError(400, "invalid_payload", "the form-encoded body has no payload field");
  try {
    return JSON.parse(json);
  } catch {
    throw new BridgeError(400, "invalid_payload", "the payload is not valid JSON");
  }
}

function tooLarge(): BridgeError {
  return new BridgeError(413, "payload_too_large", `GitHub sends at most ${MAX_PAYLOAD_BYTES} bytes`);
}
