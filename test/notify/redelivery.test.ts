import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { tick, track } from "../helpers/tracking";

describe("notification delivery", () => {
  it("sends a redelivered notification only once", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 60);
    const [message] = fixture.queue.pending;
    if (!message) throw new Error("nothing queued");
    await fixture.queue.send(structuredClone(message));
    await fixture.drainQueue();

    expect(fixture.log.lines.filter((line) => line.event === "notification")).toHaveLength(1);
    expect(fixture.log.lines.filter((line) => line.event === "notification_duplicate")).toHaveLength(1);
  });
});
