import { fromHex, hmacMatchesAny } from "../crypto";

/** Slack rejects nothing older than 5 minutes itself; we also reject anything more than 5 minutes ahead. */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 300;

export type SlackVerification =
  | { ok: true }
  | { ok: false; code: "slack_signature_invalid" | "slack_timestamp_stale"; message: string };

/**
 * Verifies a Slack request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing
 * secret (https://api.slack.com/authentication/verifying-requests-from-slack). Pure and total: malformed
 * headers give a typed refusal, never an exception. Every secret is checked (rotation) in constant time, and
 * a timestamp more than 300 s away in either direction is refused (Bolt only refuses old ones).
 */
export async function verifySlackRequest(input: {
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  rawBody: string;
  secrets: readonly string[];
  /** Epoch ms. */
  now: number;
}): Promise<SlackVerification> {
  const { timestamp, signature, rawBody, secrets, now } = input;
  if (typeof timestamp !== "string" || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, code: "slack_signature_invalid", message: "X-Slack-Request-Timestamp is malformed" };
  if (Math.abs(now / 1000 - Number(timestamp)) > SLACK_TIMESTAMP_TOLERANCE_SECONDS)
    return { ok: false, code: "slack_timestamp_stale", message: "the request timestamp is more than 300 s away" };
  if (typeof signature !== "string" || !/^v0=[0-9a-f]{64}$/.test(signature))
    return { ok: false, code: "slack_signature_invalid", message: "X-Slack-Signature is malformed" };
  const valid = await hmacMatchesAny(secrets, fromHex(signature.slice("v0=".length)), `v0:${timestamp}:${rawBody}`);
  return valid ? { ok: true } : { ok: false, code: "slack_signature_invalid", message: "the signature does not match" };
}
