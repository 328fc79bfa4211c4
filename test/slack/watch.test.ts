import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { slash } from "../helpers/slack";

async function ackText(response: Response): Promise<string> {
  return ((await response.json()) as { text: string }).text;
}

describe("watch and unwatch", () => {
  it("tracks a job the bridge did not start and subscribes the channel to it", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    const answer = await ackText(await slash(fixture, `watch ${job.id}`, { channel: "C_ML" }));
    expect(answer).toContain("Watching: state changes will be posted in <#C_ML>.");
    const run = await fixture.deps().runs.get(`job:${job.id}`);
    expect(run).toMatchObject({
      kind: "job",
      studio_id: job.id,
      team: "dev-team",
      status: "CREATED",
      origin: { kind: "slack", user: "U_ADMIN", channel: "C_ML", command: `/datachain watch ${job.id}` },
      subscribers: [{ kind: "slack", channel: "C_ML" }],
    });
  });

  it("adds a second channel to a run already tracked, once", async () => {
    const fixture = bridgeFixture();
    const { pipeline } = await fixture.client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
    await slash(fixture, `watch ${pipeline.name}`, { channel: "C_ONE" });
    await slash(fixture, `watch ${pipeline.pipeline_id}`, { channel: "C_TWO" });
    const again = await ackText(await slash(fixture, `watch ${pipeline.name}`, { channel: "C_TWO" }));
    expect(again).toContain("<#C_TWO> is already watching it.");
    const run = await fixture.deps().runs.get(`pipeline:${pipeline.pipeline_id}`);
    expect(run?.subscribers.map((subscriber) => subscriber.channel)).toEqual(["C_ONE", "C_TWO"]);
    expect(run?.progress).toEqual({ completed: 0, total: 4 });
  });

  it("stops posting to a channel after unwatch", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await slash(fixture, `watch ${job.id}`, { channel: "C_ML" });
    const answer = await ackText(await slash(fixture, `unwatch ${job.id}`, { channel: "C_ML" }));
    expect(answer).toContain("Stopped watching");
    expect((await fixture.deps().runs.get(`job:${job.id}`))?.subscribers).toEqual([]);
  });

  it("says so instead of watching a run that has already finished", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await fixture.advance(120);
    const answer = await ackText(await slash(fixture, `watch ${job.id}`));
    expect(answer).toContain("It has already finished; nothing to watch.");
    expect(await fixture.deps().runs.get(`job:${job.id}`)).toBeUndefined();
  });

  it("says plainly when there is nothing by that name", async () => {
    const answer = await ackText(await slash(bridgeFixture(), "watch no-such-pipeline"));
    expect(answer).toContain("Studio has no job or pipeline `no-such-pipeline` in team `dev-team`.");
  });
});
