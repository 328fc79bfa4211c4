import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { tick, track } from "../helpers/tracking";

describe("runs that ended before tracking began", () => {
  it("produce no notification from the poll or from Studio's webhooks arriving late", async () => {
    const fixture = bridgeFixture();
    const held: Request[] = [];
    fixture.emulator.webhooks.configure(
      { url: "http://bridge.test/webhooks/studio", secret: "test-studio-webhook-secret" },
      async (request) => {
        held.push(request);
        return new Response("held");
      },
    );
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "old" });
    await fixture.advance(60);
    await fixture.emulator.webhooks.flush();
    // Someone watches the job only now, after it completed.
    await track(fixture.deps(), { job: await fixture.client.getJob(job.id) });
    await tick(fixture, 60);
    for (const request of held) expect((await fixture.app.fetch(request, fixture.env)).status).toBe(200);

    expect(held.length).toBeGreaterThan(0);
    expect(fixture.queue.sent).toEqual([]);
    expect((await fixture.deps().runs.get(`job:${job.id}`))?.history).toEqual([]);
  });
});
