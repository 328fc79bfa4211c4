import type { BridgeError } from "./errors";

/**
 * Reads a request body, stopping as soon as it passes `max` bytes: a missing Content-Length or a chunked body
 * cannot make the bridge buffer more than its cap (Workers allow 128 MB per isolate). A body that arrived over
 * HTTP with a Content-Length cannot be longer than it says.
 */
export async function readCapped(request: Request, max: number, tooLarge: () => BridgeError): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  // A body framed by its Content-Length (not chunked) is exactly that long on the wire, so one native read is
  // bounded already; it costs a fraction of reading chunk by chunk. Checked again after, whatever the framing.
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d{1,10}$/.test(declared) && !request.headers.has("transfer-encoding")) {
    if (Number(declared) > max) throw tooLarge();
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength > max) throw tooLarge();
    return body;
  }
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
