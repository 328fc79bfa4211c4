import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { press, responses, SLACK_CONFIG, visibleText } from "../helpers/slack";

describe("buttons on job and pipeline cards", () => {
  it("Cancel queues the cancel and updates the card in place, buttons gone", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    expect((await press(fixture, "job_cancel", job.id, { trigger: "t-press" })).status).toBe(200);
    expect(fixture.queue.sent).toMatchObject([
      {
        type: "action",
        action: {
          id: "slack-T_ACME-t-press",
          operation: { type: "cancel_job", job_id: job.id },
          origin: { command: `/datachain cancel ${job.id}`, response_url: "http://studio.test/slack/response/button" },
        },
      },
    ]);
    const [update] = responses(fixture, "button");
    expect(update?.replace_original).toBe(true);
    expect(update?.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: `:hourglass_flowing_sand: <@U_ADMIN> asked to cancel job \`${job.id}\`: queued.` },
    });
    expect(update?.blocks.some((block) => block.type === "actions")).toBe(false);
  });

  it("Logs answers the presser alone with the job's logs", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await press(fixture, "job_logs", job.id, { user: "U_GUEST" });
    const [answer] = responses(fixture, "button");
    expect(answer).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(visibleText(answer ?? {})).toContain("job created");
    expect(fixture.queue.sent).toEqual([]);
  });

  it("Pause and Resume queue the pipeline operations and show the pipeline card", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const { pipeline } = await fixture.client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
    await press(fixture, "pipeline_pause", pipeline.pipeline_id);
    await press(fixture, "pipeline_resume", pipeline.pipeline_id);
    expect(fixture.queue.sent.map((message) => message.type === "action" && message.action.operation)).toEqual([
      { type: "pause_pipeline", pipeline: pipeline.pipeline_id },
      { type: "resume_pipeline", pipeline: pipeline.pipeline_id },
    ]);
    expect(responses(fixture, "button").map((update) => update.blocks[1])).toMatchObject([
      { text: { text: expect.stringContaining(`*${pipeline.name}*`) } },
      { text: { text: expect.stringContaining(`*${pipeline.name}*`) } },
    ]);
  });

  it("goes through the same permission check as the command, and says why it refused", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await press(fixture, "job_cancel", job.id, { user: "U_GUEST" });
    expect(fixture.queue.sent).toEqual([]);
    const [refusal] = responses(fixture, "button");
    expect(refusal).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(refusal?.text).toContain(":lock: You may not change anything in Studio from Slack.");
  });

  it("runs a retried press once", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await press(fixture, "job_cancel", job.id, { trigger: "t-twice" });
    await press(fixture, "job_cancel", job.id, { trigger: "t-twice", headers: { "x-slack-retry-num": "1" } });
    expect(fixture.queue.sent).toHaveLength(1);
  });

  it("ignores buttons that are not the bridge's", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    expect((await press(fixture, "someone_elses_button", "x")).status).toBe(200);
    expect(fixture.queue.sent).toEqual([]);
    expect(responses(fixture, "button")).toEqual([]);
  });
});
