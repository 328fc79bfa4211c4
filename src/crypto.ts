/**
 * HMAC and constant-time comparison for every signature the bridge checks (GitHub, Slack, Studio, admin
 * token) and makes (outgoing webhooks). WebCrypto only, so it runs in workerd and Node alike.
 */

const encoder = new TextEncoder();

export async function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Promise<Uint8Array> {
  const rawKey = typeof key === "string" ? encoder.encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey("raw", rawKey, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, bytes));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Compares two strings in time that depends only on their lengths. Never throws: any input, however
 * malformed, gives true or false.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  // Compare against itself when lengths differ, so the work done does not reveal where they diverge.
  const other = left.length === right.length ? right : left;
  let difference = left.length === right.length ? 0 : 1;
  for (let i = 0; i < left.length; i++) difference |= (left[i] as number) ^ (other[i] as number);
  return difference === 0;
}

/** `sha256=<hex>` signatures (GitHub, Studio): true only for a well-formed header that matches one secret. */
export async function verifySha256Header(
  header: string | null | undefined,
  body: Uint8Array | string,
  secrets: readonly string[],
): Promise<boolean> {
  if (typeof header !== "string" || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  let valid = false;
  for (const secret of secrets) {
    // Check every secret (rotation): the time taken does not reveal which one matched.
    const expected = `sha256=${toHex(await hmacSha256(secret, body))}`;
    valid = timingSafeEqual(expected, header) || valid;
  }
  return valid;
}

/** Secrets may hold two values during rotation, separated by a comma or whitespace. */
export function secretList(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).filter((secret) => secret.length > 0);
}
