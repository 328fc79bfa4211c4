import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { tick, track } from "../helpers/tracking";

const admin = { authorization: "Bearer test-admin-token" };

describe("GET /api/runs", () => {
  it("lists active and finished runs, filtered by status", async () => {
    const fixture = bridgeFixture();
    const done = await fixture.client.createJob({ query: "print(1)", query_name: "done" });
    await track(fixture.deps(), { job: done });
    await tick(fixture, 60);
    const running = await fixture.client.createJob({ query: "print(2)", query_name: "running" });
    await track(fixture.deps(), { job: running });
    await tick(fixture, 10);

    const get = async (query: string) =>
      (
        (await (await fixture.app.request(`/api/runs${query}`, { headers: admin }, fixture.env)).json()) as {
          runs: { id: string; status: string }[];
        }
      ).runs.map((run) => `${run.id} ${run.status}`);
    expect(await get("?status=active")).toEqual([`job:${running.id} RUNNING`]);
    expect(await get("?status=finished")).toEqual([`job:${done.id} COMPLETE`]);
    expect(await get("?status=complete")).toEqual([`job:${done.id} COMPLETE`]);
    expect((await get("")).sort()).toEqual([`job:${done.id} COMPLETE`, `job:${running.id} RUNNING`].sort());
  });

  it("shows one run's history of state changes and the notifications sent", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 10);
    await tick(fixture, 60);
    await fixture.drainQueue();

    const response = await fixture.app.request(`/api/runs/job:${job.id}`, { headers: admin }, fixture.env);
    const { run } = (await response.json()) as {
      run: { history: { event: string; seen_by: string }[]; notifications: { event: string; notifier: string }[] };
    };
    expect(run.history.map((entry) => `${entry.event} ${entry.seen_by}`)).toEqual([
      "job.running poll",
      "job.completed poll",
    ]);
    expect(run.notifications.map((entry) => `${entry.event} ${entry.notifier}`)).toEqual([
      "job.running log",
      "job.completed log",
    ]);
  });

  it("answers 404 for a run nobody tracks, and 401 without the admin token", async () => {
    const fixture = bridgeFixture();
    expect((await fixture.app.request("/api/runs/job:nope", { headers: admin }, fixture.env)).status).toBe(404);
    expect((await fixture.app.request("/api/runs", {}, fixture.env)).status).toBe(401);
  });
});
