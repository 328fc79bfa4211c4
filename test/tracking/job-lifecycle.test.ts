import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { queuedEvents, tick, track } from "../helpers/tracking";
import { ALL_NOTIFIERS } from "./config";

const slackCalls = (fixture: ReturnType<typeof bridgeFixture>) =>
  fixture.emulator.sinks.records.slack.map((record) => {
    const body = record.body as { channel: string; thread_ts?: string; text: string };
    return `${record.path.split("/").pop()} ${body.channel}${body.thread_ts ? " thread" : ""}`;
  });

describe("a tracked job's lifecycle", () => {
  it("sends one message per state change to every notifier when a job succeeds", async () => {
    const fixture = bridgeFixture({ config: ALL_NOTIFIERS });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 2); // QUEUED
    await tick(fixture, 6); // RUNNING
    await tick(fixture, 0); // nothing new
    await tick(fixture, 30); // COMPLETE
    await tick(fixture, 60);
    await fixture.drainQueue();

    const events = ["job.queued", "job.running", "job.completed"];
    expect(queuedEvents(fixture)).toEqual({ log: events, slack: events, github: events, hook: events });
    expect(fixture.log.lines.filter((line) => line.event === "notification").map((line) => line.text)).toEqual([
      expect.stringMatching(/^Job train is queued · started by push to acme\/data@main .* rule `train-on-main`$/),
      expect.stringMatching(/^Job train is running/),
      expect.stringMatching(/^Job train completed/),
    ]);
    expect(slackCalls(fixture)).toEqual(["chat.postMessage C-ALERTS", "chat.update C-ALERTS", "chat.update C-ALERTS"]);
    const github = fixture.emulator.sinks.records.github;
    expect(github.filter((record) => record.path.includes("/statuses/")).map((record) => record.body)).toEqual([
      {
        state: "success",
        description: "Job train completed",
        target_url: job.url,
        context: "studio-bridge/train-on-main",
      },
    ]);
    expect(github.filter((record) => record.path.endsWith("/issues/comments/77"))).toHaveLength(3);
    expect(fixture.emulator.sinks.records.webhook.map((record) => (record.body as { type: string }).type)).toEqual(
      events,
    );
  });

  it("reports a failure with the job's last log lines and a threaded Slack reply", async () => {
    const fixture = bridgeFixture({ config: ALL_NOTIFIERS });
    const job = await fixture.client.createJob({ query: "EMULATOR_FAIL", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 60);
    await fixture.drainQueue();

    expect(queuedEvents(fixture).log).toEqual(["job.failed"]);
    expect(slackCalls(fixture)).toEqual(["chat.postMessage C-ALERTS", "chat.postMessage C-ALERTS thread"]);
    const [status] = fixture.emulator.sinks.records.github.filter((record) => record.path.includes("/statuses/"));
    expect(status?.body).toMatchObject({
      state: "failure",
      description: expect.stringContaining("Traceback (most recent call last): RuntimeError: query asked to fail"),
    });
  });

  it("reports a canceled job as an error status once it is CANCELED, not while CANCELING", async () => {
    const fixture = bridgeFixture({ config: ALL_NOTIFIERS });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 10); // RUNNING
    await fixture.client.cancelJob(job.id);
    await tick(fixture, 1); // CANCELING
    await tick(fixture, 5); // CANCELED
    await fixture.drainQueue();

    expect(queuedEvents(fixture).github).toEqual(["job.running", "job.canceled"]);
    const statuses = fixture.emulator.sinks.records.github.filter((record) => record.path.includes("/statuses/"));
    expect(statuses.map((record) => (record.body as { state: string }).state)).toEqual(["error"]);
  });

  it("stops tracking a finished run: it leaves the active index and later ticks read nothing more", async () => {
    const fixture = bridgeFixture({ config: ALL_NOTIFIERS });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await track(fixture.deps(), { job });
    await tick(fixture, 60);
    fixture.emulator.requests.clear();
    await tick(fixture, 60);
    expect(fixture.emulator.requests.total).toBe(0);
    expect((await fixture.deps().runs.get(`job:${job.id}`))?.status).toBe("COMPLETE");
  });
});
