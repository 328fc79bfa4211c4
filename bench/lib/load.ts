import type { SignedRequest } from "./payloads";

/** What one bounded run at fixed concurrency measured, from the load generator's side. */
export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers by HTTP status, e.g. `{"202": 4120}`; `errors`/`timeouts` count requests with no answer. */
  status: Record<string, number>;
  errors: number;
  timeouts: number;
}

interface AutocannonInstance {
  on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  then: Promise<AutocannonResult>["then"];
}
interface AutocannonResult {
  errors: number;
  timeouts: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

/** Exact percentile over every latency seen (autocannon's own histogram keeps only 2xx, in whole ms). */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

/**
 * Sends `next()` requests to `url` with autocannon at `connections` concurrency for `durationS` seconds. Each
 * request is built (and signed) as it is sent, so delivery ids, trigger ids and timestamps are fresh.
 */
export async function runLoad(
  autocannon: Autocannon,
  url: string,
  next: () => SignedRequest,
  options: { connections: number; durationS: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    requests: [{ setupRequest: (request: object) => ({ ...request, ...next() }) }],
  });
  instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const status = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    requests: latencies.length,
    durationS: result.duration,
    rps: latencies.length / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    status,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
