import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { commandForm, SLACK_CONFIG, sendSigned, slash } from "../helpers/slack";
import { START } from "../helpers/studio";

const now = Math.floor(START / 1000);

describe("requests to the Slack routes", () => {
  it("refuses a body that is not form-encoded with 415", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await sendSigned(fixture, "/slack/commands", "{}", {
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: "slack_unsupported_media_type" } });
  });

  it("refuses a body larger than any Slack sends with 413", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await sendSigned(fixture, "/slack/commands", commandForm("x".repeat(70_000)));
    expect(response.status).toBe(413);
  });

  it("names both missing signature headers with 400", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await fixture.app.request(
      "/slack/commands",
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: commandForm("jobs") },
      fixture.env,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "slack_headers_missing",
        message: "missing headers: X-Slack-Request-Timestamp, X-Slack-Signature",
      },
    });
  });

  it("refuses a signature made with another secret with 401 and runs nothing", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "cancel 7a1c0d7e-0000-4000-8000-000000000001", { secret: "not-the-secret" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "slack_signature_invalid" } });
    expect(fixture.queue.sent).toEqual([]);
  });

  it("refuses a correctly signed request 301 s old with 401", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "jobs", { timestamp: now - 301 });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "slack_timestamp_stale" } });
  });

  it("refuses a correctly signed request 301 s in the future with 401", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "jobs", { timestamp: now + 301 });
    expect(response.status).toBe(401);
  });

  it("refuses a signature that is not hex with 401 rather than failing", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "jobs", { headers: { "x-slack-signature": "v0=not-hex-at-all" } });
    expect(response.status).toBe(401);
  });

  it("answers a signed form without the command fields with 400", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await sendSigned(fixture, "/slack/commands", "text=jobs&user_id=U1");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "slack_payload_malformed" } });
  });

  it("answers a signed interaction whose payload is not JSON with 400", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await sendSigned(fixture, "/slack/interactions", "payload=%7Bnot-json");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "slack_payload_malformed" } });
  });

  it("answers a signed block_actions payload without its fields with 400", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const payload = encodeURIComponent(JSON.stringify({ type: "block_actions", actions: "cancel" }));
    const response = await sendSigned(fixture, "/slack/interactions", `payload=${payload}`);
    expect(response.status).toBe(400);
  });

  it("answers Slack's ssl_check with 200", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await sendSigned(fixture, "/slack/commands", "ssl_check=1&token=deprecated");
    expect(response.status).toBe(200);
  });

  it("accepts a request signed with the second secret during a rotation", async () => {
    const fixture = bridgeFixture({
      config: SLACK_CONFIG,
      env: { SLACK_SIGNING_SECRET: "new-secret,test-slack-signing-secret" },
    });
    expect((await slash(fixture, "help")).status).toBe(200);
  });

  it("acknowledges a retried command without queueing a second action", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const first = await slash(fixture, "cancel 7a1c0d7e-0000-4000-8000-000000000001", { trigger: "t-retry" });
    const retry = await slash(fixture, "cancel 7a1c0d7e-0000-4000-8000-000000000001", {
      trigger: "t-retry",
      timestamp: now + 3,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(fixture.queue.sent).toHaveLength(1);
  });

  it("never lets the signing secret or bot token reach a response or a log line", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const bodies = [
      await (await slash(fixture, "jobs", { secret: "wrong" })).text(),
      await (await slash(fixture, "help")).text(),
      await (await slash(fixture, "cancel 7a1c0d7e-0000-4000-8000-000000000001")).text(),
    ];
    const seen = JSON.stringify([bodies, fixture.log.lines]);
    expect(seen).not.toContain("test-slack-signing-secret");
    expect(seen).not.toContain("xoxb-test-bot-token");
  });
});
