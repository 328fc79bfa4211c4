import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../../src/queue/message";
import { bridgeFixture } from "../helpers/bridge";

const admin = { authorization: "Bearer test-admin-token" };

/** An action that Studio will refuse for good: a cluster that does not exist. */
const cancelUnknownJob: QueueMessage = {
  type: "action",
  action: {
    id: "act-1",
    team: "dev-team",
    origin: { kind: "admin" },
    operation: { type: "cancel_job", job_id: "no-such-job" },
    notify: [],
    created_at: "2026-12-01T09:00:00.000Z",
  },
};

describe("the admin API", () => {
  it("refuses requests without the admin token, and with a wrong one", async () => {
    const { app, env } = bridgeFixture();
    expect((await app.request("/api/dead-letters", {}, env)).status).toBe(401);
    const wrong = await app.request("/api/dead-letters", { headers: { authorization: "Bearer nope" } }, env);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: { code: "admin_unauthorized", message: "a valid admin bearer token is required" },
    });
  });

  it("answers 503 rather than opening up when no admin token is configured", async () => {
    const { app, env } = bridgeFixture({ env: { BRIDGE_ADMIN_TOKEN: undefined } });
    const response = await app.request("/api/dead-letters", { headers: admin }, env);
    expect(response.status).toBe(503);
  });
});

describe("dead letters", () => {
  it("files a message whose handler keeps failing after its last attempt, and replays it", async () => {
    const { app, env, queue, drainQueue } = bridgeFixture();
    await queue.send(cancelUnknownJob);
    await drainQueue();
    const listed = (await (await app.request("/api/dead-letters", { headers: admin }, env)).json()) as {
      dead_letters: { id: string; error: string }[];
    };
    expect(listed.dead_letters.map((letter) => letter.id)).toEqual(["act-1"]);
    const replay = await app.request("/api/dead-letters/act-1/replay", { method: "POST", headers: admin }, env);
    expect(replay.status).toBe(202);
    expect(queue.pending).toEqual([cancelUnknownJob]);
  });

  it("answers 404 for replaying an unknown dead letter", async () => {
    const { app, env } = bridgeFixture();
    const response = await app.request("/api/dead-letters/nope/replay", { method: "POST", headers: admin }, env);
    expect(response.status).toBe(404);
  });
});
