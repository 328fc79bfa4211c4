import { describe, expect, it } from "vitest";
import { studioSignature } from "../../scripts/lib/sign";
import { bridgeFixture } from "../helpers/bridge";
import { connectStudioWebhooks, queuedEvents, tick, track } from "../helpers/tracking";

const SECRET = "test-studio-webhook-secret";
const sign = (body: string, secret = SECRET) => studioSignature(secret, body);

async function post(fixture: ReturnType<typeof bridgeFixture>, body: string, headers: Record<string, string>) {
  return fixture.app.request("/webhooks/studio", { method: "POST", body, headers }, fixture.env);
}

describe("POST /webhooks/studio", () => {
  it("answers a signed ping", async () => {
    const fixture = bridgeFixture();
    const body = JSON.stringify({ action: "ping" });
    const response = await post(fixture, body, {
      "content-type": "application/json",
      "x-datachain-signature-256": await sign(body),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, pong: true });
  });

  it("refuses a wrong content type (415), a missing signature (400) and a wrong one (401)", async () => {
    const fixture = bridgeFixture();
    const body = JSON.stringify({ action: "ping" });
    expect((await post(fixture, body, { "content-type": "text/plain" })).status).toBe(415);
    const unsigned = await post(fixture, body, { "content-type": "application/json" });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ error: { code: "missing_headers" } });
    for (const signature of [await sign(body, "another-secret"), "sha256=zz", "garbage"]) {
      const response = await post(fixture, body, {
        "content-type": "application/json",
        "x-datachain-signature-256": signature,
      });
      expect(response.status).toBe(401);
    }
  });

  it("refuses a body that is too large (413) before reading it", async () => {
    const fixture = bridgeFixture();
    const body = "x".repeat(300 * 1024);
    const response = await post(fixture, body, {
      "content-type": "application/json",
      "x-datachain-signature-256": await sign(body),
    });
    expect(response.status).toBe(413);
  });

  it("refuses a signed body that is not JSON or not a Studio event (400)", async () => {
    const fixture = bridgeFixture();
    for (const body of ["{not json", JSON.stringify({ action: "job_status", job: { id: 1 } })]) {
      const response = await post(fixture, body, {
        "content-type": "application/json",
        "x-datachain-signature-256": await sign(body),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_body" } });
    }
  });

  it("accepts rotated secrets: either of two comma-separated values", async () => {
    const fixture = bridgeFixture({ env: { STUDIO_WEBHOOK_SECRET: `new-secret,${SECRET}` } });
    const body = JSON.stringify({ action: "ping" });
    const response = await post(fixture, body, {
      "content-type": "application/json",
      "x-datachain-signature-256": await sign(body),
    });
    expect(response.status).toBe(200);
  });

  it("updates a tracked job from the emulator's signed form-encoded webhooks", async () => {
    const fixture = bridgeFixture();
    connectStudioWebhooks(fixture, { encoding: "form" });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await fixture.advance(60);
    await fixture.emulator.webhooks.flush();

    expect(fixture.emulator.webhooks.deliveries.every((delivery) => delivery.response_status === 200)).toBe(true);
    expect(queuedEvents(fixture).log).toEqual(["job.queued", "job.running", "job.completed"]);
    expect((await fixture.deps().runs.get(`job:${job.id}`))?.history.map((entry) => entry.seen_by)).toEqual([
      "webhook",
      "webhook",
      "webhook",
    ]);
  });

  it("notifies once when the webhook and the poll see the same change", async () => {
    const fixture = bridgeFixture();
    connectStudioWebhooks(fixture);
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 10);
    await fixture.emulator.webhooks.flush();
    await tick(fixture, 60);
    await fixture.emulator.webhooks.flush();
    await tick(fixture, 0);
    await fixture.drainQueue();

    // The webhook and the tick may both queue a change they saw at once; the deterministic id sends it once.
    const delivered = fixture.log.lines.filter((line) => line.event === "notification").map((line) => line.change);
    expect(delivered).toEqual(["job.queued", "job.running", "job.completed"]);
  });

  it("fills in from the poll what dropped webhooks missed", async () => {
    const fixture = bridgeFixture();
    connectStudioWebhooks(fixture);
    fixture.emulator.webhooks.configure({ drop_rate: 1 });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await fixture.advance(60);
    await fixture.emulator.webhooks.flush();
    expect(fixture.queue.sent).toEqual([]);
    await tick(fixture, 0);

    expect(queuedEvents(fixture).log).toEqual(["job.completed"]);
  });

  it("ignores jobs nobody tracks", async () => {
    const fixture = bridgeFixture();
    connectStudioWebhooks(fixture);
    await fixture.client.createJob({ query: "print(1)", query_name: "untracked" });
    await fixture.advance(60);
    await fixture.emulator.webhooks.flush();

    expect(fixture.queue.sent).toEqual([]);
    expect(fixture.emulator.webhooks.deliveries.length).toBeGreaterThan(0);
  });
});
