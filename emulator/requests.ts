import type { MiddlewareHandler } from "hono";

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

/** The Studio API requests the emulator served, so tests can count what a bridge tick cost. */
export class RequestLog {
  entries: RecordedRequest[] = [];
  total = 0;

  /** Keeps the newest `limit` entries; `total` counts them all. */
  constructor(readonly limit = 10_000) {}

  clear(): void {
    this.entries = [];
    this.total = 0;
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      await next();
      this.total += 1;
      this.entries.push({ method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status });
      if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    };
  }
}
