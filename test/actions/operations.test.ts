import { describe, expect, it } from "vitest";
import type { ActionInput } from "../../src/actions/action";
import { QueueMessage } from "../../src/queue/message";
import { bridgeFixture } from "../helpers/bridge";

const slackOrigin = {
  kind: "slack" as const,
  team_id: "T1",
  channel: "C-ml",
  user: "U-ada",
  command: "/datachain run retrain EPOCHS=3",
};

/** A queued action as the Slack feature sends it. */
function action(id: string, operation: ActionInput["operation"]): QueueMessage {
  return QueueMessage.parse({
    type: "action",
    action: { id, team: "dev-team", origin: slackOrigin, operation, created_at: "2026-12-01T09:00:00.000Z" },
  });
}

describe("actions from other sources", () => {
  it("a Slack create_job is tracked with the channel it came from as subscriber", async () => {
    const bridge = bridgeFixture();
    await bridge.queue.send(
      action("slack:1:retrain", {
        type: "create_job",
        job: { query: "print('retrain')", environment: "EPOCHS=3" },
      }),
    );
    await bridge.drainQueue();
    const [job] = [...bridge.emulator.world.jobs.values()];
    expect(job?.environment).toEqual({ EPOCHS: "3", STUDIO_BRIDGE_ACTION_ID: "slack:1:retrain" });
    expect(await bridge.deps().runs.get(`job:${job?.id}`)).toMatchObject({
      subscribers: [{ kind: "slack", channel: "C-ml" }],
      origin: slackOrigin,
    });
  });

  it("trigger, pause and resume reach the same pipeline", async () => {
    const bridge = bridgeFixture();
    await bridge.queue.send(action("a1", { type: "trigger_pipeline", dataset: "@acme.models.weights" }));
    await bridge.drainQueue();
    const [pipeline] = [...bridge.emulator.world.pipelines.values()];
    const id = pipeline?.pipeline_id as string;
    await bridge.queue.send(action("a2", { type: "pause_pipeline", pipeline: id }));
    await bridge.drainQueue();
    expect(bridge.emulator.world.pipelines.get(id)?.status).toBe("PAUSED");
    await bridge.queue.send(action("a3", { type: "resume_pipeline", pipeline: id }));
    await bridge.drainQueue();
    expect(bridge.emulator.world.pipelines.get(id)?.status).not.toBe("PAUSED");
  });

  it("cancel_job cancels the job it names", async () => {
    const bridge = bridgeFixture();
    const job = await bridge.client.createJob({ query: "print(1)" });
    await bridge.queue.send(action("a4", { type: "cancel_job", job_id: job.id }));
    await bridge.drainQueue();
    expect(bridge.emulator.world.jobs.get(job.id)?.status).toMatch(/^CANCEL/);
  });
});
