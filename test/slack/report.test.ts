import { describe, expect, it } from "vitest";
import { Action, type ActionInput } from "../../src/actions/action";
import { reportToSlack } from "../../src/slack/report";
import type { JobOutput, JobPipelineOutput } from "../../src/studio/schemas";
import { bridgeFixture } from "../helpers/bridge";

const origin = {
  kind: "slack" as const,
  team_id: "T_ACME",
  channel: "C_ML",
  user: "U_ADMIN",
  response_url: "http://studio.test/slack/response/command",
  command: "/datachain run retrain EPOCHS=25",
};

const job: JobOutput = {
  id: "0b6f2c4e-1111-4222-8333-444455556666",
  url: "https://studio.datachain.ai/team/dev-team/jobs/0b6f2c4e-1111-4222-8333-444455556666",
  status: "RUNNING",
  created_at: "2026-12-01T08:57:55.000Z",
  created_by: "dev-user",
  finished_at: null,
  query: "print('training')",
  query_type: "PYTHON",
  team: "dev-team",
  name: "retrain",
  workers: 2,
  python_version: null,
  requirements: null,
  repository: null,
  environment: { EPOCHS: "25" },
  exit_code: null,
  error_message: null,
};

const pipeline: JobPipelineOutput = {
  pipeline_id: "9d0e1f2a-aaaa-4bbb-8ccc-dddddddddddd",
  status: "RUNNING",
  job_runs: [
    {
      job_id: "r-cats",
      status: "PENDING",
      parent_job_ids: ["r-clean", "r-features"],
      name: "ns.proj.cats",
      created_job_id: null,
    },
    {
      job_id: "r-features",
      status: "RUNNING",
      parent_job_ids: ["r-source"],
      name: "ns.proj.features",
      created_job_id: "j3",
    },
    { job_id: "r-source", status: "COMPLETE", parent_job_ids: [], name: "ns.proj.source", created_job_id: "j1" },
    {
      job_id: "r-clean",
      status: "COMPLETE",
      parent_job_ids: ["r-source"],
      name: "ns.proj.clean",
      created_job_id: "j2",
    },
  ],
  completed: 2,
  total: 4,
  error_message: null,
  error_stack: null,
  triggered_from: "api",
  name: "rebuild-cats-1",
  created_at: "2026-12-01T08:55:00.000Z",
  updated_at: "2026-12-01T08:59:00.000Z",
};

function action(operation: ActionInput["operation"], rule?: string): Action {
  return Action.parse({
    id: "slack-T_ACME-t1",
    team: "dev-team",
    origin,
    rule,
    operation,
    created_at: "2026-12-01T09:00:00.000Z",
  });
}

/** The one message posted, as Slack received it. */
function onlyPost(fixture: ReturnType<typeof bridgeFixture>): { text: string; blocks: unknown[] } {
  const records = fixture.emulator.sinks.records.slack;
  if (records.length !== 1) throw new Error(`expected one post, got ${records.length}`);
  return records[0]?.body as { text: string; blocks: unknown[] };
}

function posted(fixture: ReturnType<typeof bridgeFixture>) {
  return fixture.emulator.sinks.records.slack.map((record) => ({ path: record.path, body: record.body }));
}

describe("reporting a Slack action's result in the channel", () => {
  it("posts who started which recipe above the exact job card, in the channel", async () => {
    const fixture = bridgeFixture();
    const run = action({ type: "create_job", job: { query: "print('training')" }, files: [] }, "retrain");
    await reportToSlack(fixture.deps(), run, origin, { kind: "job", job, existing: false });
    expect(posted(fixture)).toEqual([
      {
        path: "/slack/response/command",
        body: {
          response_type: "in_channel",
          replace_original: false,
          text: "<@U_ADMIN> asked to run recipe `retrain`: started. :arrows_counterclockwise: Job retrain: RUNNING",
          blocks: [
            { type: "section", text: { type: "mrkdwn", text: "<@U_ADMIN> asked to run recipe `retrain`: started." } },
            {
              type: "section",
              text: {
                type: "mrkdwn",
                text: `:arrows_counterclockwise: *<${job.url}|retrain>*  \`RUNNING\``,
              },
              fields: [
                { type: "mrkdwn", text: "*Status*\n:arrows_counterclockwise: RUNNING" },
                { type: "mrkdwn", text: "*Duration*\n2m 05s" },
                { type: "mrkdwn", text: "*Started by*\ndev-user" },
                { type: "mrkdwn", text: "*Workers*\n2" },
              ],
            },
            {
              type: "context",
              elements: [
                {
                  type: "mrkdwn",
                  text: `Job \`${job.id}\` · started by <@U_ADMIN> with \`/datachain run retrain EPOCHS=25\`, rule \`retrain\``,
                },
              ],
            },
            {
              type: "actions",
              elements: [
                { type: "button", text: { type: "plain_text", text: "Logs" }, action_id: "job_logs", value: job.id },
                {
                  type: "button",
                  text: { type: "plain_text", text: "Cancel" },
                  action_id: "job_cancel",
                  value: job.id,
                  style: "danger",
                  confirm: {
                    title: { type: "plain_text", text: "Are you sure?" },
                    text: { type: "plain_text", text: "Cancel job retrain?" },
                    confirm: { type: "plain_text", text: "Cancel" },
                    deny: { type: "plain_text", text: "Keep it" },
                  },
                },
              ],
            },
          ],
        },
      },
    ]);
  });

  it("posts the exact pipeline card, its runs in dependency order, with progress and Pause", async () => {
    const fixture = bridgeFixture();
    const trigger = action({ type: "trigger_pipeline", dataset: "@ns.proj.cats@1.0.0", review: false });
    await reportToSlack(fixture.deps(), trigger, origin, { kind: "pipeline", pipeline });
    expect(onlyPost(fixture).blocks).toEqual([
      {
        type: "section",
        text: { type: "mrkdwn", text: "<@U_ADMIN> asked to trigger a pipeline for `@ns.proj.cats@1.0.0`: done." },
      },
      {
        type: "section",
        text: { type: "mrkdwn", text: ":arrows_counterclockwise: *rebuild-cats-1*  `RUNNING`  ▓▓▓▓▓░░░░░ 2/4" },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: [
            ":white_check_mark: ns.proj.source  `COMPLETE`",
            ":arrows_counterclockwise: ns.proj.features  `RUNNING`",
            ":white_check_mark: ns.proj.clean  `COMPLETE`",
            ":hourglass_flowing_sand: ns.proj.cats  `PENDING`",
          ].join("\n"),
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Pipeline \`${pipeline.pipeline_id}\` · started by <@U_ADMIN> with \`/datachain run retrain EPOCHS=25\``,
          },
        ],
      },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Pause" },
            action_id: "pipeline_pause",
            value: pipeline.pipeline_id,
            confirm: {
              title: { type: "plain_text", text: "Are you sure?" },
              text: { type: "plain_text", text: "Pause pipeline rebuild-cats-1?" },
              confirm: { type: "plain_text", text: "Pause" },
              deny: { type: "plain_text", text: "Keep it" },
            },
          },
        ],
      },
    ]);
  });

  it("reports Studio's refusal of a cancel in words", async () => {
    const fixture = bridgeFixture();
    const cancel = action({ type: "cancel_job", job_id: job.id });
    await reportToSlack(fixture.deps(), cancel, origin, {
      kind: "feedback",
      ok: false,
      message: "Job is already finished.",
    });
    expect(onlyPost(fixture).text).toBe(
      `:warning: <@U_ADMIN> asked to cancel job \`${job.id}\`: Studio refused. Job is already finished.`,
    );
  });

  it("posts with the bot token when the action carries no response_url", async () => {
    const fixture = bridgeFixture();
    const { response_url: _, ...withoutUrl } = origin;
    const cancel = action({ type: "cancel_job", job_id: job.id });
    await reportToSlack(fixture.deps(), cancel, withoutUrl, { kind: "feedback", ok: true, message: "Canceling." });
    const [record] = fixture.emulator.sinks.records.slack;
    expect(record?.path).toBe("/slack/api/chat.postMessage");
    expect(record?.headers.authorization).toBe("Bearer xoxb-test-bot-token");
    expect(record?.body).toMatchObject({ channel: "C_ML", text: expect.stringContaining("done. Canceling.") });
  });

  it("falls back to the bot token when the response_url no longer works", async () => {
    const fixture = bridgeFixture();
    const expired = { ...origin, response_url: "http://studio.test/slack/expired-response-url" };
    const cancel = action({ type: "cancel_job", job_id: job.id });
    await reportToSlack(fixture.deps(), cancel, expired, { kind: "feedback", ok: true, message: "Canceling." });
    expect(fixture.emulator.sinks.records.slack.map((record) => record.path)).toEqual(["/slack/api/chat.postMessage"]);
  });
});
