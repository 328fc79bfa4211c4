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
});
