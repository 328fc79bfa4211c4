import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The one error type of the bridge: an HTTP status and a stable string code that callers and tests match on
 * (the way Slack Bolt codes its errors), plus a message safe to show to whoever sent the request.
 * `app.onError` turns it into `{"error": {"code", "message"}}`.
 */
export class BridgeError extends Error {
  override readonly name: string = "BridgeError";

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The JSON body of every 4xx/5xx answer (DESIGN.md, external contract). */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** Builds the JSON error response; the only place the error shape is written. */
export function errorResponse(status: ContentfulStatusCode, code: string, message: string): Response {
  const body: ErrorBody = { error: { code, message } };
  return Response.json(body, { status });
}
