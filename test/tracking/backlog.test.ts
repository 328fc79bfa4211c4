import { describe, expect, it } from "vitest";
import { STUDIO_REQUEST_BUDGET } from "../../src/tracking/reconcile";
import { bridgeFixture } from "../helpers/bridge";
import { tick, track } from "../helpers/tracking";

describe("a backlog of finished runs", () => {
  it("is fetched within the per-tick budget and finished on the next tick", async () => {
    const fixture = bridgeFixture();
    const deps = fixture.deps();
    for (let index = 0; index < 60; index++) {
      await track(deps, { job: await fixture.client.createJob({ query: "print(1)", query_name: `job-${index}` }) });
    }
    fixture.emulator.requests.clear();
    await tick(fixture, 60); // all 60 left the active listing at once
    expect(fixture.emulator.requests.total).toBe(STUDIO_REQUEST_BUDGET);
    expect(fixture.queue.sent).toHaveLength(STUDIO_REQUEST_BUDGET - 1);

    fixture.emulator.requests.clear();
    await tick(fixture, 60);
    expect(fixture.emulator.requests.total).toBe(1 + 60 - (STUDIO_REQUEST_BUDGET - 1));
    expect(fixture.queue.sent).toHaveLength(60);

    fixture.emulator.requests.clear();
    await tick(fixture, 60);
    expect(fixture.emulator.requests.total).toBe(0);
    expect((await deps.runs.listAllActive()).backlogAfter).toBeUndefined();
  });
});
