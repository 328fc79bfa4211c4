import type { BridgeError } from "./errors";

/**
 * Reads a request body, stopping as soon as it passes `max` bytes: a missing or false Content-Length cannot
 * make the bridge buffer more than its cap (Workers allow 128 MB per isolate).
 */
export async function readCapped(request: Request, max: number, tooLarge: () => BridgeError): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
