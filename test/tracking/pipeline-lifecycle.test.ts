import { describe, expect, it } from "vitest";
import type { StateChange } from "../../src/tracking/run";
import { bridgeFixture } from "../helpers/bridge";
import { queuedEvents, tick, track } from "../helpers/tracking";
import { ALL_NOTIFIERS } from "./config";

const changesFor = (fixture: ReturnType<typeof bridgeFixture>, notifier: string): StateChange[] =>
  fixture.queue.sent.flatMap((message) =>
    message.type === "notification" && message.notification.notifier === notifier
      ? [message.notification.change as StateChange]
      : [],
  );

async function trackedPipeline(fixture: ReturnType<typeof bridgeFixture>) {
  const { pipeline } = await fixture.client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
  await track(fixture.deps(), { pipeline });
  return pipeline;
}

describe("a tracked pipeline's lifecycle", () => {
  it("announces running, each step of progress once, then completed", async () => {
    const fixture = bridgeFixture({ config: ALL_NOTIFIERS });
    const pipeline = await trackedPipeline(fixture);
    for (let round = 0; round < 8; round++) {
      await tick(fixture, 31);
      await tick(fixture, 0); // an overlapping tick sees nothing new
    }
    await fixture.drainQueue();

    const changes = changesFor(fixture, "log");
    const progress = changes.filter((change) => change.event === "pipeline.progress");
    expect(changes[0]?.event).toBe("pipeline.running");
    expect(changes.at(-1)?.event).toBe("pipeline.completed");
    expect(changes.slice(1, -1).every((change) => change.event === "pipeline.progress")).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map((change) => change.progress?.completed)).toEqual(
      [...new Set(progress.map((change) => change.progress?.completed))].sort(),
    );
    expect(changes.at(-1)?.progress).toEqual({ completed: pipeline.total, total: pipeline.total });
    // Slack: one card, updated in place for every change after the first.
    const slack = fixture.emulator.sinks.records.slack.map((record) => record.path.split("/").pop());
    expect(slack).toEqual(["chat.postMessage", ...changes.slice(1).map(() => "chat.update")]);
  });

  it("names the job that failed inside the pipeline, with its last log lines on the commit", async () => {
    const fixture = bridgeFixture({ config: ALL_NOTIFIERS });
    await fixture.control("/outcomes", { match: "cats_source", status: "FAILED", error_message: "disk full" });
    await trackedPipeline(fixture);
    await tick(fixture, 2);
    await tick(fixture, 60);
    await fixture.drainQueue();

    expect(queuedEvents(fixture).github).toEqual(["pipeline.running", "pipeline.failed"]);
    const failed = changesFor(fixture, "log")[1];
    expect(failed?.failed_job?.name).toBe("ns.proj.cats_source");
    const [status] = fixture.emulator.sinks.records.github.filter((record) => record.path.includes("/statuses/"));
    expect(status?.body).toMatchObject({
      state: "failure",
      description: expect.stringMatching(/^job ns\.proj\.cats_source failed: .*disk full/),
    });
  });

  it("announces a pause and the resume", async () => {
    const fixture = bridgeFixture();
    const pipeline = await trackedPipeline(fixture);
    await tick(fixture, 2);
    await fixture.client.pausePipeline({ pipeline_id: pipeline.pipeline_id });
    await tick(fixture, 1);
    await tick(fixture, 1);
    await fixture.client.resumePipeline({ pipeline_id: pipeline.pipeline_id });
    await tick(fixture, 1);

    expect(queuedEvents(fixture).log).toEqual(["pipeline.running", "pipeline.paused", "pipeline.running"]);
  });

  it("announces a pipeline canceled when its running job is canceled", async () => {
    const fixture = bridgeFixture();
    await trackedPipeline(fixture);
    await tick(fixture, 10);
    const [job] = await fixture.client.listJobs({ status: "ACTIVE" });
    await fixture.client.cancelJob(job?.id as string);
    await tick(fixture, 5);

    expect(queuedEvents(fixture).log).toEqual(["pipeline.running", "pipeline.canceled"]);
  });
});
