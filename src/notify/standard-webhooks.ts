import { hmacSha256, secretList } from "../crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, spec "Signature scheme"): `webhook-signature`
 * is `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the base64 bytes after `whsec_`.
 * During key rotation the secret may hold two keys; the header then carries both signatures, space-separated,
 * as the spec allows.
 */
export async function standardWebhookHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<Record<string, string>> {
  const timestamp = String(timestampSeconds);
  const signatures = await Promise.all(
    secretList(secret).map(async (key) => {
      const mac = await hmacSha256(keyBytes(key), `${id}.${timestamp}.${body}`);
      return `v1,${btoa(String.fromCharCode(...mac))}`;
    }),
  );
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signatures.join(" ") };
}

function keyBytes(secret: string): Uint8Array {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  return Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
}
