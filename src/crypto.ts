/**
 * HMAC and constant-time comparison for every signature the bridge checks (GitHub, Slack, Studio, admin
 * token) and makes (outgoing webhooks). WebCrypto only, so it runs in workerd and Node alike.
 */

const encoder = new TextEncoder();

/**
 * Imported HMAC keys by secret, for the isolate's lifetime: importing is a third of the cost of checking a
 * signature, and the bridge has a handful of secrets. Bounded all the same (cleared when full).
 */
const importedKeys = new Map<string, Promise<CryptoKey>>();
const MAX_IMPORTED_KEYS = 64;

function hmacKey(key: string | Uint8Array): Promise<CryptoKey> {
  const importKey = () =>
    crypto.subtle.importKey(
      "raw",
      typeof key === "string" ? encoder.encode(key) : key,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
  // Byte keys (Standard Webhooks secrets) are decoded per call; not worth a cache key of their own.
  if (typeof key !== "string") return importKey();
  let imported = importedKeys.get(key);
  if (!imported) {
    if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.clear();
    imported = importKey();
    importedKeys.set(key, imported);
    // A key that failed to import is not kept: the next call tries again.
    imported.catch(() => importedKeys.delete(key));
  }
  return imported;
}

export async function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(key), bytes));
}

/**
 * True when `signature` is the HMAC-SHA256 of `data` under one of `secrets`. Every secret is checked
 * (rotation), so the time taken does not reveal which one matched; the comparison itself is WebCrypto's.
 */
export async function hmacMatchesAny(
  secrets: readonly string[],
  signature: Uint8Array,
  data: string | Uint8Array,
): Promise<boolean> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  let valid = false;
  for (const secret of secrets) {
    valid = (await crypto.subtle.verify("HMAC", await hmacKey(secret), signature, bytes)) || valid;
  }
  return valid;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += HEX[byte];
  return text;
}

/** Bytes of a hex string already checked to be even-length hex (signature headers are matched by a pattern). */
export function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
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
  return await hmacMatchesAny(secrets, fromHex(header.slice("sha256=".length)), body);
}

/** Secrets may hold two values during rotation, separated by a comma or whitespace. */
export function secretList(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).filter((secret) => secret.length > 0);
}
