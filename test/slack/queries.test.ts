import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { SLACK_CONFIG, slash, visibleText } from "../helpers/slack";

type Answer = { response_type: string; text: string; blocks: Record<string, unknown>[] };

async function ask(fixture: ReturnType<typeof bridgeFixture>, text: string, options = {}): Promise<Answer> {
  const response = await slash(fixture, text, options);
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

describe("answers that need no Studio call come in the acknowledgement", () => {
  it("lists every command and the configured recipes for help", async () => {
    const answer = await ask(bridgeFixture({ config: SLACK_CONFIG }), "help");
    expect(answer.response_type).toBe("ephemeral");
    for (const usage of [
      "/datachain jobs [--status S] [--limit N]",
      "/datachain remove-job <pipeline> <job-id>",
      "`retrain` EPOCHS=10 MODEL=…",
    ])
      expect(visibleText(answer)).toContain(usage);
  });

  it("shows help for an empty command", async () => {
    expect(visibleText(await ask(bridgeFixture(), ""))).toContain("/datachain watch");
  });

  it("suggests the closest command and its usage for a typo", async () => {
    const answer = await ask(bridgeFixture(), "jbos");
    expect(answer.text).toContain("Unknown command `jbos`. Did you mean `jobs`?");
    expect(answer.text).toContain("Usage: `/datachain jobs [--status S] [--limit N]`");
  });

  it("gives the usage line when an argument is missing", async () => {
    const answer = await ask(bridgeFixture(), "logs");
    expect(answer.text).toContain("`logs` needs one argument.");
    expect(answer.text).toContain("Usage: `/datachain logs <job-id> [--tail N]`");
  });

  it("explains an unknown status instead of asking Studio", async () => {
    const fixture = bridgeFixture();
    const answer = await ask(fixture, "jobs --status BROKEN");
    expect(answer.text).toContain("`BROKEN` is not a job status");
    expect(fixture.emulator.requests.total).toBe(0);
  });
});

describe("query commands answered from Studio", () => {
  it("lists the latest jobs with status, duration, author and id", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "nightly-etl" });
    await fixture.advance(10);
    await fixture.clock.sleep(10_000); // the bridge's own clock, for the duration shown
    const answer = await ask(fixture, "jobs --limit 5");
    expect(answer.response_type).toBe("ephemeral");
    expect(visibleText(answer)).toContain(`nightly-etl>*  \`RUNNING\` · 10s · dev-user · \`${job.id}\``);
  });

  it("passes the status filter to Studio", async () => {
    const fixture = bridgeFixture();
    await fixture.client.createJob({ query: "print(1)", query_name: "still-running" });
    const answer = await ask(fixture, "jobs --status complete");
    expect(visibleText(answer)).toContain("no jobs");
    expect(answer.text).toContain("Jobs (COMPLETE)");
  });

  it("shows one job as a card with Logs and Cancel buttons", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    const answer = await ask(fixture, `job ${job.id}`);
    expect(answer.blocks.at(-1)).toMatchObject({
      type: "actions",
      elements: [
        { action_id: "job_logs", value: job.id },
        { action_id: "job_cancel", value: job.id, style: "danger" },
      ],
    });
  });

  it("says plainly when Studio has no such job", async () => {
    const answer = await ask(bridgeFixture(), "job 7a1c0d7e-0000-4000-8000-000000000001");
    expect(answer.text).toContain("Studio has no job `7a1c0d7e-0000-4000-8000-000000000001` in team `dev-team`.");
  });

  it("shows the last log lines in a code block with a link to the rest", async () => {
    const fixture = bridgeFixture();
    const job = await fixture.client.createJob({ query: "print(1)", query_name: "train" });
    await fixture.advance(20);
    const answer = await ask(fixture, `logs ${job.id} --tail 2`);
    const code = (answer.blocks[1] as { text: { text: string } }).text.text;
    expect(code.startsWith("```") && code.endsWith("```")).toBe(true);
    expect(code.split("\n")).toHaveLength(2);
    expect(visibleText(answer)).toContain(`earlier line(s) not shown · <${job.url}|full logs in Studio>`);
  });

  it("lists the compute clusters, the default marked", async () => {
    const answer = await ask(bridgeFixture(), "clusters");
    expect(visibleText(answer)).toContain("*default* (default) · AWS · up to 10 workers");
    expect(visibleText(answer)).toContain("*gpu-large* · GCP · up to 4 workers");
  });

  it("lists pipelines with their progress", async () => {
    const fixture = bridgeFixture();
    const { pipeline } = await fixture.client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
    const answer = await ask(fixture, "pipelines --status pending");
    expect(visibleText(answer)).toContain(`*${pipeline.name}*  \`PENDING\` 0/4 · \`${pipeline.pipeline_id}\``);
  });

  it("shows a pipeline found by name as a card with a Pause button", async () => {
    const fixture = bridgeFixture();
    const { pipeline } = await fixture.client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
    const answer = await ask(fixture, `pipeline ${pipeline.name}`);
    expect(answer.blocks.at(-1)).toMatchObject({ elements: [{ action_id: "pipeline_pause" }] });
  });
});
