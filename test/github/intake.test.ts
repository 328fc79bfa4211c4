import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, newDelivery, pushPayload, signature } from "../helpers/github";

const config = `
version: 1
rules:
  - name: train-on-main
    on: push
    if: { branches: [main] }
    action:
      create_job: { query: "print(1)" }
`;

async function post(headers: Record<string, string>, body = "{}") {
  const bridge = bridgeFixture({ config });
  return bridge.app.request("/webhooks/github", { method: "POST", headers, body }, bridge.env);
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("the GitHub webhook intake", () => {
  it("answers 415 to a content type GitHub does not send", async () => {
    const response = await post({ "content-type": "text/plain" });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe("unsupported_media_type");
  });

  it("answers 413 when Content-Length is over GitHub's 25 MB cap", async () => {
    const response = await post({ "content-type": "application/json", "content-length": String(26 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it("answers 413 when the body read passes 25 MB whatever Content-Length said", async () => {
    const response = await post({ "content-type": "application/json" }, "x".repeat(25 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
  });

  it("names every missing header in one 400", async () => {
    const response = await post({ "content-type": "application/json", "x-github-event": "push" });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe("missing required headers: x-github-delivery, x-hub-signature-256");
  });

  it("answers 401 to a signature made with another secret, and nothing is queued", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload(), { secret: "not-the-secret" });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe("invalid_signature");
    expect(bridge.queue.sent).toEqual([]);
  });

  it("answers 401, not 500, to a malformed signature header", async () => {
    for (const header of ["sha256=zz", "sha1=abc", "", "sha256="]) {
      const response = await post({
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": newDelivery(),
        "x-hub-signature-256": header || "garbage",
      });
      expect(response.status).toBe(401);
    }
  });

  it("accepts a delivery signed with the second secret during rotation", async () => {
    const bridge = bridgeFixture({ config, env: { GITHUB_WEBHOOK_SECRET: "old-secret-1, new-secret-2" } });
    const response = await deliver(bridge, "push", pushPayload(), { secret: "new-secret-2" });
    expect(response.status).toBe(202);
  });

  it("answers 400 to a signed body that is not JSON", async () => {
    const bridge = bridgeFixture({ config });
    const body = "{not json";
    const response = await bridge.app.request(
      "/webhooks/github",
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": newDelivery(),
          "x-hub-signature-256": await signature(body),
        },
        body,
      },
      bridge.env,
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("invalid_payload");
  });

  it("answers 400 naming the field when a payload does not fit its event", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", { ...pushPayload(), ref: 7 });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain("ref");
  });

  it("answers 503 and does not open up when no webhook secret is configured", async () => {
    const bridge = bridgeFixture({ config, env: { GITHUB_WEBHOOK_SECRET: undefined } });
    const response = await deliver(bridge, "push", pushPayload());
    expect(response.status).toBe(503);
  });

  it("answers a ping with 200", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "ping", { zen: "Keep it logically awesome.", hook_id: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "pong" });
  });

  it("acknowledges an event it does not act on with 202 and the reason", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "star", { action: "created" });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      status: "ignored",
      reason: "the bridge does not act on star events",
    });
  });

  it("takes form-encoded deliveries (payload=...) like JSON ones", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload(), { form: true });
    expect(response.status).toBe(202);
    expect(bridge.queue.sent).toHaveLength(1);
  });

  it("answers 503 when the work cannot be queued, so GitHub shows a failed delivery", async () => {
    const bridge = bridgeFixture({ config });
    bridge.queue.send = async () => {
      throw new Error("Queue send failed: overloaded");
    };
    const delivery = newDelivery();
    const response = await deliver(bridge, "push", pushPayload(), { delivery });
    expect(response.status).toBe(503);
    // Not recorded as handled: redelivering it from GitHub runs it.
    const retry = bridgeFixture({ config });
    expect((await deliver({ app: retry.app, env: bridge.env }, "push", pushPayload(), { delivery })).status).toBe(202);
  });
});
