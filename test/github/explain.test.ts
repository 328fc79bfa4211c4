import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, newDelivery, pushPayload, SHA } from "../helpers/github";

const admin = { authorization: "Bearer test-admin-token", "content-type": "application/json" };
const config = `
version: 1
rules:
  - name: train-on-main
    on: push
    if: { branches: [main] }
    action:
      create_job:
        query: "print('{{ github.sha }}')"
        environment: { GIT_REF: "{{ github.ref }}" }
  - name: nightly
    on: schedule
    schedule: "0 3 * * *"
    action: { trigger_pipeline: { dataset: "@acme.models.weights" } }
`;

describe("explaining decisions", () => {
  it("GET /api/events/:delivery tells why each rule fired or not and what was queued", async () => {
    const bridge = bridgeFixture({ config });
    const delivery = newDelivery();
    await deliver(bridge, "push", pushPayload(), { delivery });
    const response = await bridge.app.request(`/api/events/${delivery}`, { headers: admin }, bridge.env);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      delivery,
      event: "push",
      repository: "acme/models",
      sha: SHA,
      status: "accepted",
      decisions: [
        { rule: "train-on-main", matched: true, reason: "matched" },
        { rule: "nightly", matched: false, reason: "listens to schedule, not push" },
      ],
      actions: [{ id: `gh:${delivery}:train-on-main`, rule: "train-on-main", operation: "create_job" }],
    });
  });

  it("GET /api/events/:delivery answers 404 JSON for an unknown delivery", async () => {
    const bridge = bridgeFixture({ config });
    const response = await bridge.app.request("/api/events/nope", { headers: admin }, bridge.env);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "delivery_not_found" } });
  });

  it("POST /api/rules/test shows the exact Studio request, with no side effects", async () => {
    const bridge = bridgeFixture({ config });
    const keysBefore = (await bridge.deps().kv.list()).keys;
    const body = JSON.stringify({ event: "push", payload: pushPayload() });
    const response = await bridge.app.request("/api/rules/test", { method: "POST", headers: admin, body }, bridge.env);
    expect(response.status).toBe(200);
    const result = (await response.json()) as { matched: string[]; actions: { requests: unknown[] }[] };
    expect(result.matched).toEqual(["train-on-main"]);
    expect(result.actions[0]?.requests.at(-1)).toEqual({
      service: "studio",
      method: "POST",
      path: "/datachain/jobs/",
      body: {
        query: `print('${SHA}')`,
        query_type: "PYTHON",
        team_name: "dev-team",
        environment: "GIT_REF=refs/heads/main\nSTUDIO_BRIDGE_ACTION_ID=gh:dry-run:train-on-main",
      },
    });
    expect(bridge.queue.sent).toEqual([]);
    expect(bridge.emulator.requests.total).toBe(0);
    expect((await bridge.deps().kv.list()).keys).toEqual(keysBefore);
  });

  it("POST /api/rules/test answers 400 to a payload that does not fit the event", async () => {
    const bridge = bridgeFixture({ config });
    const body = JSON.stringify({ event: "push", payload: { ref: "main" } });
    const response = await bridge.app.request("/api/rules/test", { method: "POST", headers: admin, body }, bridge.env);
    expect(response.status).toBe(400);
  });

  it("POST /api/rules/test needs the admin token", async () => {
    const bridge = bridgeFixture({ config });
    const response = await bridge.app.request(
      "/api/rules/test",
      { method: "POST", body: "{}", headers: { "content-type": "application/json" } },
      bridge.env,
    );
    expect(response.status).toBe(401);
  });
});
