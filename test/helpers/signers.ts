import { hmacSha256, toHex } from "../../src/crypto";

/** What GitHub sends: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
export async function githubSignature(
  body: string | Uint8Array,
  secret = "test-github-webhook-secret",
): Promise<string> {
  return `sha256=${toHex(await hmacSha256(secret, body))}`;
}

/** What Studio's team webhooks send: `X-Datachain-Signature-256: sha256=<hex HMAC of the body>`. */
export async function studioSignature(
  body: string | Uint8Array,
  secret = "test-studio-webhook-secret",
): Promise<string> {
  return `sha256=${toHex(await hmacSha256(secret, body))}`;
}

/** Slack's v0 scheme: `X-Slack-Signature: v0=<hex HMAC of "v0:{timestamp}:{body}">`. */
export async function slackHeaders(
  body: string,
  timestampSeconds: number,
  secret = "test-slack-signing-secret",
): Promise<Record<string, string>> {
  const signature = `v0=${toHex(await hmacSha256(secret, `v0:${timestampSeconds}:${body}`))}`;
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestampSeconds),
    "x-slack-signature": signature,
  };
}
