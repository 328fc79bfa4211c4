import { githubSignature as signGithub, studioSignature as signStudio, slackSignature } from "../../scripts/lib/sign";

/** Signers with the secrets the vitest bindings give the bridge (scripts/lib/sign.ts does the signing). */
export function githubSignature(body: string | Uint8Array, secret = "test-github-webhook-secret"): Promise<string> {
  return signGithub(secret, body);
}

export function studioSignature(body: string | Uint8Array, secret = "test-studio-webhook-secret"): Promise<string> {
  return signStudio(secret, body);
}

/** A signed Slack request's headers at a given timestamp (epoch seconds). */
export async function slackHeaders(
  body: string,
  timestampSeconds: number,
  secret = "test-slack-signing-secret",
): Promise<Record<string, string>> {
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestampSeconds),
    "x-slack-signature": await slackSignature(secret, timestampSeconds, body),
  };
}
