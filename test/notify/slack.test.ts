import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { tick, track } from "../helpers/tracking";

const config = `
version: 1
notifiers:
  - name: slack
    type: slack
  - name: slack-hook
    type: slack
    webhook_url_secret: SLACK_HOOK_URL
notify: [slack]
`;

describe("the Slack notifier", () => {
  it("updates the card a subscriber already has in place, and threads the failure under it", async () => {
    const fixture = bridgeFixture({ config });
    const job = await fixture.client.createJob({ query: "EMULATOR_FAIL", query_name: "train" });
    const subscriber = { kind: "slack" as const, channel: "C-DEV", message_ts: "1700000000.000100" };
    await track(fixture.deps(), { job }, { subscribers: [subscriber], origin: slackOrigin });
    await tick(fixture, 10);
    await tick(fixture, 60);
    await fixture.drainQueue();

    const calls = fixture.emulator.sinks.records.slack.map((record) => {
      const body = record.body as { channel: string; ts?: string; thread_ts?: string; text: string };
      return { method: record.path.split("/").pop(), ...body, blocks: undefined };
    });
    expect(calls).toEqual([
      expect.objectContaining({ method: "chat.update", channel: "C-DEV", ts: subscriber.message_ts }),
      expect.objectContaining({ method: "chat.update", channel: "C-DEV", ts: subscriber.message_ts }),
      expect.objectContaining({
        method: "chat.postMessage",
        channel: "C-DEV",
        thread_ts: subscriber.message_ts,
        text: expect.stringContaining("Job train failed · started by <@U1> with `/datachain run train`"),
      }),
    ]);
  });

  it("posts one message per change to an incoming-webhook URL named by a secret", async () => {
    const fixture = bridgeFixture({ config, env: { SLACK_HOOK_URL: "http://studio.test/receiver/slack-hook" } });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job }, { notify: ["slack-hook"] });
    await tick(fixture, 10);
    await tick(fixture, 60);
    await fixture.drainQueue();

    const texts = fixture.emulator.sinks.records.webhook.map((record) => (record.body as { text: string }).text);
    expect(texts).toEqual([
      expect.stringMatching(/^Job train is running/),
      expect.stringMatching(/^Job train completed/),
    ]);
    expect(fixture.emulator.sinks.records.slack).toEqual([]);
  });
});

const slackOrigin = {
  kind: "slack" as const,
  team_id: "T1",
  channel: "C-DEV",
  user: "U1",
  command: "/datachain run train",
};
