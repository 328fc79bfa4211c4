import { hmacSha256, toHex } from "../../src/crypto";

/**
 * Client-side signing for local tools and end-to-end tests: requests signed the way GitHub, Slack and Studio
 * sign theirs, so they pass the bridge's real verification. One copy for `npm run demo`, `npm run slack`
 * and the tests, written apart from the verifiers in src/ so a test does not check code against itself.
 */

/** GitHub webhooks: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
export async function githubSignature(secret: string, body: string | Uint8Array): Promise<string> {
  return `sha256=${toHex(await hmacSha256(secret, body))}`;
}

/** Studio team webhooks: `X-Datachain-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
export const studioSignature = githubSignature;

/** Slack's v0 scheme: `v0=<hex HMAC-SHA256 of "v0:{timestamp}:{raw body}">`, timestamp in epoch seconds. */
export async function slackSignature(secret: string, timestampSeconds: number, body: string): Promise<string> {
  return `v0=${toHex(await hmacSha256(secret, `v0:${timestampSeconds}:${body}`))}`;
}

/** The headers of a signed Slack request (slash command or interaction), stamped with the current time. */
export async function slackHeaders(secret: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = Math.floor(now / 1000);
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": await slackSignature(secret, timestamp, body),
  };
}
