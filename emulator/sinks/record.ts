import type { Context } from "hono";

/** A request a local sink received, as a test reads it back (`GET /_emulator/sinks/<service>`). */
export interface SinkRecord {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  at: string;
}

/** What the local GitHub and Slack sinks received, newest last. */
export class SinkLog {
  readonly records: Record<"github" | "slack" | "webhook", SinkRecord[]> = { github: [], slack: [], webhook: [] };

  clear(): void {
    for (const list of Object.values(this.records)) list.length = 0;
  }

  async record(service: keyof SinkLog["records"], c: Context, at: number): Promise<SinkRecord> {
    const type = c.req.header("content-type") ?? "";
    const text = await c.req.text();
    let body: unknown = text;
    if (type.includes("json")) body = text === "" ? null : safeJson(text);
    else if (type.includes("x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(text));
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const entry = {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      headers,
      body,
      at: new Date(at).toISOString(),
    };
    this.records[service].push(entry);
    return entry;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
