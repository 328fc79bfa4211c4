import { describe, expect, it } from "vitest";
import type { Action } from "../../src/actions/action";
import { bridgeFixture } from "../helpers/bridge";
import { SLACK_CONFIG, slash } from "../helpers/slack";

const JOB = "7a1c0d7e-0000-4000-8000-000000000001";

function queuedActions(fixture: ReturnType<typeof bridgeFixture>): Action[] {
  return fixture.queue.sent.flatMap((message) => (message.type === "action" ? [message.action] : []));
}

async function ackText(response: Response): Promise<string> {
  return ((await response.json()) as { text: string }).text;
}

describe("mutating commands go on the action queue before the acknowledgement", () => {
  it("runs a recipe with its declared parameters rendered into the job", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "run retrain EPOCHS=25 MODEL=resnet", { trigger: "t-run" });
    expect(await ackText(response)).toContain(
      "Queued: run recipe `retrain`. The result will be posted in this channel.",
    );
    expect(queuedActions(fixture)).toEqual([
      {
        id: "slack-T_ACME-t-run",
        team: "dev-team",
        origin: {
          kind: "slack",
          team_id: "T_ACME",
          channel: "C_GENERAL",
          user: "U_ADMIN",
          response_url: "http://studio.test/slack/response/command",
          command: "/datachain run retrain EPOCHS=25 MODEL=resnet",
        },
        rule: "retrain",
        operation: {
          type: "create_job",
          job: {
            query: "print('training')",
            query_type: "PYTHON",
            query_name: "retrain-resnet",
            environment: "EPOCHS=25",
          },
          files: [],
        },
        notify: ["log"],
        created_at: "2026-12-01T09:00:00.000Z",
      },
    ]);
  });

  it("refuses a parameter value that does not match its pattern", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "run retrain EPOCHS=1;rm MODEL=x");
    expect(await ackText(response)).toContain("`EPOCHS` must match `[0-9]{1,3}`");
    expect(fixture.queue.sent).toEqual([]);
  });

  it("refuses a parameter the recipe does not declare", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "run retrain MODEL=x QUERY=evil");
    expect(await ackText(response)).toContain(
      "Recipe `retrain` has no parameter `QUERY` (it takes: `EPOCHS`, `MODEL`).",
    );
    expect(fixture.queue.sent).toEqual([]);
  });

  it("refuses a recipe that is not in the config and names those that are", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, "run rm-rf");
    expect(await ackText(response)).toContain("There is no recipe `rm-rf`. Recipes: `retrain`.");
    expect(fixture.queue.sent).toEqual([]);
  });

  it("refuses a recipe whose rendered job Studio would refuse, naming the field", async () => {
    const config = `version: 1
slack:
  mutating: { users: [U_ADMIN] }
  recipes:
    - name: later
      params: [{ name: WHEN }]
      job: { query: "print(1)", start_after: "{{ params.WHEN }}" }
`;
    const fixture = bridgeFixture({ config });
    const response = await slash(fixture, "run later WHEN=tomorrow");
    expect(await ackText(response)).toContain("That makes an invalid Studio request (start_after).");
    expect(fixture.queue.sent).toEqual([]);
  });

  it("queues cancel, trigger, pause, resume and remove-job as Studio operations", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    for (const text of [
      `cancel ${JOB}`,
      "trigger @ns.proj.cats@1.0.0 --review",
      "pause rebuild-cats-1",
      "resume rebuild-cats-1",
      `remove-job rebuild-cats-1 ${JOB}`,
    ])
      expect((await slash(fixture, text)).status).toBe(200);
    expect(queuedActions(fixture).map((action) => action.operation)).toEqual([
      { type: "cancel_job", job_id: JOB },
      { type: "trigger_pipeline", dataset: "@ns.proj.cats@1.0.0", review: true },
      { type: "pause_pipeline", pipeline: "rebuild-cats-1" },
      { type: "resume_pipeline", pipeline: "rebuild-cats-1" },
      { type: "remove_pipeline_job", pipeline: "rebuild-cats-1", job_id: JOB },
    ]);
  });

  it("acts for the Studio team mapped to the Slack workspace", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    await slash(fixture, `cancel ${JOB}`, { team: "T_OTHER" });
    expect(queuedActions(fixture)[0]?.team).toBe("other-team");
  });
});

describe("permissions", () => {
  it("refuses a mutating command from someone not allowed, and says who is", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    const response = await slash(fixture, `cancel ${JOB}`, { user: "U_GUEST" });
    expect(await ackText(response)).toBe(
      ":lock: You may not change anything in Studio from Slack. Allowed by `slack.mutating` in bridge.config.yaml: the users <@U_ADMIN>; members of <!subteam^S_DATA>; anyone in <#C_OPS>.",
    );
    expect(fixture.queue.sent).toEqual([]);
  });

  it("lets anyone in an allowed channel run mutating commands", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    await slash(fixture, `cancel ${JOB}`, { user: "U_GUEST", channel: "C_OPS" });
    expect(fixture.queue.sent).toHaveLength(1);
  });

  it("lets members of an allowed user group run mutating commands", async () => {
    const fixture = bridgeFixture({ config: SLACK_CONFIG });
    fixture.emulator.slackUsergroups.set("S_DATA", ["U_DATA_ENGINEER"]);
    await slash(fixture, `cancel ${JOB}`, { user: "U_DATA_ENGINEER" });
    expect(fixture.queue.sent).toHaveLength(1);
  });

  it("refuses everyone when no one is allowed to mutate", async () => {
    const fixture = bridgeFixture();
    const response = await slash(fixture, `cancel ${JOB}`);
    expect(await ackText(response)).toContain("Nobody may change anything in Studio from Slack");
  });

  it("lets everyone read when read_only is absent, and only those listed when it is set", async () => {
    const fixture = bridgeFixture({ config: "version: 1\nslack:\n  read_only:\n    users: [U_READER]\n" });
    expect(await ackText(await slash(fixture, "clusters", { user: "U_GUEST" }))).toContain(
      ":lock: You may not use this command.",
    );
    expect(await ackText(await slash(fixture, "clusters", { user: "U_READER" }))).toContain("Compute clusters");
  });
});
