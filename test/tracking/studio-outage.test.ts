import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { queuedEvents, tick, track } from "../helpers/tracking";

describe("a tick while Studio fails or forgets", () => {
  it("makes one attempt, changes nothing, and the next tick catches up", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await fixture.control("/faults", { kind: "error", path: "/datachain/jobs", count: 1 });
    fixture.emulator.requests.clear();
    await tick(fixture, 60);
    expect(fixture.emulator.requests.total).toBe(1);
    expect(fixture.queue.sent).toEqual([]);
    expect(fixture.log.lines).toContainEqual(expect.objectContaining({ event: "reconcile_listing_failed" }));

    await tick(fixture, 0);
    expect(queuedEvents(fixture).log).toEqual(["job.completed"]);
  });

  it("retires a run Studio no longer knows, without a notification", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    fixture.emulator.world.jobs.delete(job.id);
    await tick(fixture, 60);
    fixture.emulator.requests.clear();
    await tick(fixture, 60);

    expect(fixture.emulator.requests.total).toBe(0);
    expect(fixture.queue.sent).toEqual([]);
    expect(fixture.log.lines).toContainEqual(expect.objectContaining({ event: "run_gone_from_studio" }));
  });

  it("reads the active listing for what it compares: drift elsewhere does not stop the sweep", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    // The listing answers without `query`: no use to a status comparison, so not checked there.
    await fixture.control("/faults", { kind: "omit_field", field: "query", path: "/datachain/jobs", count: 1 });
    await tick(fixture, 2);
    expect(queuedEvents(fixture).log).toEqual(["job.queued"]);
    expect(fixture.log.lines).not.toContainEqual(expect.objectContaining({ event: "reconcile_listing_failed" }));
  });

  it("still refuses a listing without the status it compares", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await fixture.control("/faults", { kind: "omit_field", field: "status", path: "/datachain/jobs", count: 1 });
    await tick(fixture, 2);
    expect(fixture.queue.sent).toEqual([]);
    expect(fixture.log.lines).toContainEqual(
      expect.objectContaining({ event: "reconcile_listing_failed", error: "studio_bad_response" }),
    );
  });
});
