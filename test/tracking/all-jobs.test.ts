import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { connectStudioWebhooks, queuedEvents, tick } from "../helpers/tracking";

const config = "version: 1\ntracking:\n  all_jobs: true\n";

describe("tracking every job of the team (tracking.all_jobs)", () => {
  it("picks up a job nobody started through the bridge, from the poll", async () => {
    const fixture = bridgeFixture({ config });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "from-the-ui" });
    await tick(fixture, 10);
    await tick(fixture, 60);

    expect(queuedEvents(fixture).log).toEqual(["job.running", "job.completed"]);
    expect((await fixture.deps().runs.get(`job:${job.id}`))?.origin).toEqual({ kind: "studio" });
  });

  it("picks it up from Studio's webhooks too, and says nothing of a job that ended unseen", async () => {
    const fixture = bridgeFixture({ config });
    await fixture.client.createJob({ query: "print(1)", query_name: "unseen" });
    await fixture.advance(60);
    connectStudioWebhooks(fixture);
    await fixture.client.createJob({ query: "print(2)", query_name: "seen" });
    await fixture.advance(60);
    await fixture.emulator.webhooks.flush();
    await tick(fixture, 0);

    expect(queuedEvents(fixture).log).toEqual(["job.queued", "job.running", "job.completed"]);
  });

  it("does not list jobs when it is off and nothing is tracked", async () => {
    const fixture = bridgeFixture();
    await fixture.client.createJob({ query: "print(1)", query_name: "from-the-ui" });
    fixture.emulator.requests.clear();
    await tick(fixture, 10);
    expect(fixture.emulator.requests.total).toBe(0);
  });
});
