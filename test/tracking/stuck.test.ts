import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { queuedEvents, tick, track } from "../helpers/tracking";

const config = `
version: 1
tracking:
  stuck_after: { queued: 1m, running: 2m }
`;
const admin = { authorization: "Bearer test-admin-token" };

describe("stuck detection", () => {
  it("sends one job.stuck for a job running past the threshold, and clears it when the job moves", async () => {
    const fixture = bridgeFixture({ config });
    await fixture.control("/outcomes", { match: "hang", status: "COMPLETE", hang: true });
    const job = await fixture.client.createJob({ query: "hang()", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 10); // RUNNING
    for (let minute = 0; minute < 5; minute++) await tick(fixture, 60);

    expect(queuedEvents(fixture).log).toEqual(["job.running", "job.stuck"]);
    const listed = await fixture.app.request("/api/runs?status=active", { headers: admin }, fixture.env);
    expect(await listed.json()).toMatchObject({ runs: [{ id: `job:${job.id}`, status: "RUNNING", stuck: true }] });

    await fixture.client.cancelJob(job.id);
    await tick(fixture, 5);
    expect(queuedEvents(fixture).log).toEqual(["job.running", "job.stuck", "job.canceled"]);
  });

  it("sends pipeline.stuck for a pipeline whose job hangs", async () => {
    const fixture = bridgeFixture({ config });
    await fixture.control("/outcomes", { match: "cats_source", status: "COMPLETE", hang: true });
    const { pipeline } = await fixture.client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
    await track(fixture.deps(), { pipeline });
    for (let minute = 0; minute < 4; minute++) await tick(fixture, 60);

    expect(queuedEvents(fixture).log).toEqual(["pipeline.running", "pipeline.stuck"]);
  });
});
