import type { ContentfulStatusCode } from "hono/utils/http-status";
import { BridgeError } from "../errors";

/** Stable codes for everything that can go wrong talking to Studio. */
export type StudioErrorCode =
  | "studio_unauthorized"
  | "studio_forbidden"
  | "studio_not_found"
  | "studio_invalid_request"
  | "studio_rate_limited"
  | "studio_unavailable"
  | "studio_request_failed"
  | "studio_network_error"
  | "studio_timeout"
  | "studio_bad_response";

/**
 * A failed Studio call. `upstreamStatus` is Studio's HTTP status (0 when no answer came); `studioMessage` is
 * what Studio said (`detail` or `message`), kept for logs and chat answers but never echoed in an HTTP body.
 */
export class StudioError extends BridgeError {
  override readonly name = "StudioError";

  constructor(
    code: StudioErrorCode,
    readonly upstreamStatus: number,
    readonly studioMessage: string,
    readonly request: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(bridgeStatusFor(upstreamStatus, code), code, `${request}: ${studioMessage}`, options);
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** Set on 429 answers: how long Studio asked us to wait. */
  readonly retryAfterMs: number | undefined;

  /** Whether trying the same request again could succeed. */
  get retryable(): boolean {
    return (
      this.code === "studio_rate_limited" ||
      this.code === "studio_unavailable" ||
      this.code === "studio_network_error" ||
      this.code === "studio_timeout"
    );
  }
}

/** The status the bridge answers with when a Studio failure reaches one of its own routes. */
function bridgeStatusFor(upstreamStatus: number, code: StudioErrorCode): ContentfulStatusCode {
  if (code === "studio_timeout") return 504;
  if (upstreamStatus === 404) return 404;
  if (upstreamStatus === 422 || upstreamStatus === 400) return 422;
  if (upstreamStatus === 429) return 503;
  return 502;
}

export function codeForStatus(status: number): StudioErrorCode {
  if (status === 401) return "studio_unauthorized";
  if (status === 403) return "studio_forbidden";
  if (status === 404) return "studio_not_found";
  if (status === 400 || status === 422) return "studio_invalid_request";
  if (status === 429) return "studio_rate_limited";
  if (status >= 500) return "studio_unavailable";
  return "studio_request_failed";
}
