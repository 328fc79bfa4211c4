import { describe, expect, it } from "vitest";
import type { StudioError } from "../../src/studio/error";
import { failureOf, studioFixture } from "../helpers/studio";

describe("retries: backoff with jitter on 5xx, 429 and network errors, never on other 4xx", () => {
  it("retries a 503 twice with growing, jittered backoff and then succeeds", async () => {
    const { client, control, clock, emulator } = studioFixture();
    await control("/faults", { kind: "error", status: 503, count: 2 });
    expect(await client.listClusters()).toHaveLength(2);
    expect(emulator.requests.entries.map((request) => request.status)).toEqual([503, 503, 200]);
    // random() is 0.5: half of 200 ms, then half of 400 ms.
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it("waits as long as Retry-After says on a 429", async () => {
    const { client, control, clock } = studioFixture();
    await control("/faults", { kind: "rate_limit", retry_after_seconds: 3, count: 1 });
    await client.listJobs();
    expect(clock.sleeps).toEqual([3000]);
  });

  it("gives up at once when Retry-After is longer than one invocation should wait", async () => {
    const { client, control, clock } = studioFixture();
    await control("/faults", { kind: "rate_limit", retry_after_seconds: 120, count: 1 });
    const error = (await failureOf(client.listJobs())) as StudioError;
    expect(error.code).toBe("studio_rate_limited");
    expect(error.retryAfterMs).toBe(120_000);
    expect(clock.sleeps).toEqual([]);
  });

  it("retries a dropped connection as a network error", async () => {
    const { client, control, emulator } = studioFixture();
    await control("/faults", { kind: "drop", count: 1 });
    expect(await client.listClusters()).toHaveLength(2);
    expect(emulator.faults.fired.drop).toBe(1);
  });

  it("stops after its retries with the last error, its status and code", async () => {
    const { client, control, emulator } = studioFixture();
    await control("/faults", { kind: "error", status: 502 });
    const error = (await failureOf(client.listJobs())) as StudioError;
    expect(error.code).toBe("studio_unavailable");
    expect(error.upstreamStatus).toBe(502);
    expect(emulator.requests.total).toBe(4);
  });

  it("never retries a 4xx other than 429", async () => {
    const { client, emulator } = studioFixture({ client: { token: "wrong" } });
    await failureOf(client.listJobs());
    expect(emulator.requests.total).toBe(1);
  });

  it("makes a single attempt when the caller turns retries off", async () => {
    const { client, control, emulator } = studioFixture();
    await control("/faults", { kind: "error", status: 503 });
    const error = (await failureOf(client.createJob({ query: "x" }, { retry: false }))) as StudioError;
    expect(error.retryable).toBe(true);
    expect(emulator.requests.total).toBe(1);
  });

  it("times out a slow answer and says so", async () => {
    const { client, control } = studioFixture({ client: { timeoutMs: 20, retry: { retries: 1 } } });
    await control("/faults", { kind: "latency", latency_ms: 200 });
    const error = (await failureOf(client.listClusters())) as StudioError;
    expect(error.code).toBe("studio_timeout");
    expect(error.status).toBe(504);
  });

  it("loses the answer of a job that was created: the job exists though the call failed", async () => {
    const { client, control } = studioFixture();
    await control("/faults", { kind: "error", status: 504, phase: "after", path: "/jobs", method: "POST", count: 1 });
    const error = (await failureOf(client.createJob({ query: "print(1)" }, { retry: false }))) as StudioError;
    expect(error.upstreamStatus).toBe(504);
    expect(await client.listJobs()).toHaveLength(1);
  });
});
