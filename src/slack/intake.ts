import type { Context } from "hono";
import { readCapped } from "../body";
import { secretList } from "../crypto";
import type { AppEnv, Deps } from "../deps";
import { BridgeError } from "../errors";
import { verifySlackRequest } from "./verify";

/** Slack's payloads are a few kilobytes; anything near this is not from Slack. */
export const SLACK_MAX_BODY_BYTES = 64 * 1024;
/** How long a request is remembered to recognise a retry or replay (Slack refuses signatures older than 300 s). */
export const SEEN_TTL_SECONDS = 600;
/** Ids from a request that end up in KV keys are bounded well below KV's 512-byte key limit. */
const MAX_ID_BYTES = 256;

/**
 * Reads a request from Slack in the order that answers each failure with its own status: 415 not
 * form-encoded, 413 too large, 400 missing headers (all named), 401 bad or stale signature. Only then is the
 * body parsed. https://api.slack.com/authentication/verifying-requests-from-slack
 */
export async function readSlackForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  const deps = c.var.deps;
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded"))
    throw new BridgeError(415, "slack_unsupported_media_type", "Slack requests are application/x-www-form-urlencoded");
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > SLACK_MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readCapped(c.req.raw, SLACK_MAX_BODY_BYTES, tooLarge);

  const timestamp = c.req.header("x-slack-request-timestamp");
  const signature = c.req.header("x-slack-signature");
  const missing = [timestamp ? "" : "X-Slack-Request-Timestamp", signature ? "" : "X-Slack-Signature"].filter(Boolean);
  if (missing.length > 0) throw new BridgeError(400, "slack_headers_missing", `missing headers: ${missing.join(", ")}`);

  const secrets = secretList(deps.vars.SLACK_SIGNING_SECRET);
  if (secrets.length === 0)
    throw new BridgeError(503, "slack_not_configured", "SLACK_SIGNING_SECRET is not set; Slack requests are refused");
  const rawBody = new TextDecoder().decode(bytes);
  const verified = await verifySlackRequest({ timestamp, signature, rawBody, secrets, now: deps.clock.now() });
  if (!verified.ok) throw new BridgeError(401, verified.code, verified.message);
  return new URLSearchParams(rawBody);
}

/**
 * True the first time a `trigger_id` is seen; false for Slack's retries (`X-Slack-Retry-Num`) and replays,
 * which are acknowledged but run nothing. KV is eventually consistent across locations, so the action id
 * (derived from the same `trigger_id`) is what finally keeps a retried command to one action.
 */
export async function firstTimeSeen(deps: Deps, triggerId: string): Promise<boolean> {
  // Slack's trigger ids are a few dozen characters; the id becomes a KV key (512 bytes at most).
  if (new TextEncoder().encode(triggerId).byteLength > MAX_ID_BYTES)
    throw new BridgeError(400, "slack_payload_malformed", `trigger_id is longer than ${MAX_ID_BYTES} bytes`);
  const key = `slack-seen:${triggerId}`;
  if ((await deps.kv.get(key)) !== null) return false;
  await deps.kv.put(key, "1", { expirationTtl: SEEN_TTL_SECONDS });
  return true;
}

function tooLarge(): BridgeError {
  return new BridgeError(413, "slack_payload_too_large", `Slack requests are at most ${SLACK_MAX_BODY_BYTES} bytes`);
}
