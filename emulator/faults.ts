import type { MiddlewareHandler } from "hono";
import { z } from "zod";

/** The header that tells the transport to drop the connection instead of answering. */
export const DROP_HEADER = "x-emulator-drop-connection";

/**
 * A fault to inject into Studio API answers. `rate` is the chance per request; `count` ends the fault after
 * that many hits. `phase: "after"` lets the request take effect and then loses the answer: the case where a
 * client cannot tell whether its job was created. `omit_field` answers without `field`: schema drift.
 */
export const FaultSpec = z.object({
  kind: z.enum(["error", "rate_limit", "latency", "drop", "omit_field"]),
  rate: z.number().min(0).max(1).default(1),
  count: z.number().int().min(1).optional(),
  status: z.number().int().min(500).max(599).default(503),
  retry_after_seconds: z.number().int().min(0).default(1),
  latency_ms: z.number().int().min(0).max(120_000).default(1_000),
  /** Only requests whose path contains this. */
  path: z.string().optional(),
  method: z.enum(["GET", "POST"]).optional(),
  phase: z.enum(["before", "after"]).default("before"),
  /** For `omit_field`: the field removed from the answer (from each item of a list, and from `pipeline`). */
  field: z.string().default("status"),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

/** The faults in force, and the middleware that applies them to every Studio API request. */
export class FaultInjector {
  faults: FaultSpec[] = [];
  /** How many times each kind fired, for tests and the chaos report. */
  readonly fired: Record<FaultSpec["kind"], number> = {
    error: 0,
    rate_limit: 0,
    latency: 0,
    drop: 0,
    omit_field: 0,
  };

  constructor(readonly random: () => number) {}

  add(fault: FaultSpec): void {
    // Drift is a property of the answer, so it always applies after the request took effect.
    this.faults.push(fault.kind === "omit_field" ? { ...fault, phase: "after" } : fault);
  }

  clear(): void {
    this.faults = [];
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const path = new URL(c.req.url).pathname;
      const before = this.#pick(c.req.method, path, "before");
      if (before) {
        const early = await this.#apply(before);
        if (early) return early;
      }
      await next();
      const after = this.#pick(c.req.method, path, "after");
      if (after) {
        const replaced =
          after.kind === "omit_field" ? await withoutField(c.res, after.field) : await this.#apply(after);
        if (replaced) c.res = replaced;
      }
    };
  }

  #pick(method: string, path: string, phase: FaultSpec["phase"]): FaultSpec | undefined {
    for (const fault of this.faults) {
      if (fault.phase !== phase) continue;
      if (fault.method !== undefined && fault.method !== method) continue;
      if (fault.path !== undefined && !path.includes(fault.path)) continue;
      if (this.random() >= fault.rate) continue;
      if (fault.count !== undefined) {
        fault.count -= 1;
        if (fault.count === 0) this.faults = this.faults.filter((other) => other !== fault);
      }
      this.fired[fault.kind] += 1;
      return fault;
    }
    return undefined;
  }

  /** Returns the answer that replaces Studio's, or nothing when the request should go on (latency). */
  async #apply(fault: FaultSpec): Promise<Response | undefined> {
    switch (fault.kind) {
      case "latency":
        await new Promise((resolve) => setTimeout(resolve, fault.latency_ms));
        return undefined;
      case "error":
        return Response.json({ message: "Internal server error (injected by the emulator)" }, { status: fault.status });
      case "rate_limit":
        return Response.json(
          { detail: `Request was throttled. Expected available in ${fault.retry_after_seconds} seconds.` },
          { status: 429, headers: { "retry-after": String(fault.retry_after_seconds) } },
        );
      case "drop":
        return new Response(null, { status: 599, headers: { [DROP_HEADER]: "1" } });
      case "omit_field":
        return undefined;
    }
  }
}

async function withoutField(response: Response, field: string): Promise<Response> {
  const body: unknown = await response.json();
  const strip = (value: unknown) => {
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    delete record[field];
    strip(record.pipeline);
  };
  if (Array.isArray(body)) body.forEach(strip);
  else strip(body);
  return Response.json(body, { status: response.status });
}
