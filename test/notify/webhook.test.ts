import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/config/env";
import { bridgeFixture } from "../helpers/bridge";
import { tick, track } from "../helpers/tracking";

const config = (url: string) => `
version: 1
notifiers:
  - name: log
    type: log
  - name: hook
    type: webhook
    url: ${url}
    secret: OUTGOING_WEBHOOK_SECRET
notify: [log, hook]
`;

describe("the outgoing webhook notifier", () => {
  it("signs per Standard Webhooks, so the standardwebhooks library verifies it", async () => {
    const fixture = bridgeFixture({ config: config("http://studio.test/receiver/hook") });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 60);
    await fixture.drainQueue();

    const [delivery] = fixture.emulator.sinks.records.webhook;
    if (!delivery) throw new Error("no webhook delivered");
    const verifier = new Webhook((env as Env).OUTGOING_WEBHOOK_SECRET as string);
    // The library checks the timestamp against its own clock: verify at the time the bridge signed.
    const signedAt = Number(delivery.headers["webhook-timestamp"]) * 1000;
    const realNow = Date.now;
    Date.now = () => signedAt;
    try {
      const payload = verifier.verify(JSON.stringify(delivery.body), delivery.headers) as { type: string };
      expect(payload.type).toBe("job.completed");
    } finally {
      Date.now = realNow;
    }
    expect(delivery.headers["webhook-id"]).toBe(`job:${job.id}:job.completed:${job.created_at}:hook`);
  });

  it("files a receiver that refuses for good as a dead letter, and the other notifiers still deliver", async () => {
    const fixture = bridgeFixture({ config: config("http://studio.test/no-such-receiver") });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 60);
    await fixture.drainQueue();

    const notifications = fixture.log.lines.filter((line) => line.event === "notification");
    expect(notifications.map((line) => line.change)).toEqual(["job.completed"]);
    const response = await fixture.app.request(
      "/api/dead-letters",
      { headers: { authorization: "Bearer test-admin-token" } },
      fixture.env,
    );
    const { dead_letters } = (await response.json()) as { dead_letters: { error: string }[] };
    expect(dead_letters.map((letter) => letter.error)).toEqual(["webhook_delivery_failed: notifier hook answered 404"]);
  });
});
