import { describe, expect, it } from "vitest";
import type { StudioError } from "../../src/studio/error";
import type { JobPipelineOutput } from "../../src/studio/schemas";
import { failureOf, studioFixture } from "../helpers/studio";

/** `@ns.proj.cats` rebuilds as a diamond: source -> clean, features -> cats. Each job takes 30 s. */
const CATS = { namespace_name: "ns", project_name: "proj", dataset_name: "cats", version: "1.0.0" };

const runStatuses = (pipeline: JobPipelineOutput) =>
  Object.fromEntries(pipeline.job_runs.map((run) => [run.name.replace("ns.proj.", ""), run.status]));

describe("pipelines: trigger, progress, pause, resume, remove-job", () => {
  it("triggers a rebuild from the seed's split fields as a small DAG of pending job runs", async () => {
    const { client } = studioFixture();
    const { ok, pipeline } = await client.triggerPipeline(CATS);
    expect(ok).toBe(true);
    expect(pipeline).toMatchObject({ status: "PENDING", completed: 0, total: 4, triggered_from: "api" });
    const [source, clean, features, cats] = pipeline.job_runs;
    expect(cats?.parent_job_ids).toEqual([clean?.job_id, features?.job_id]);
    expect(clean?.parent_job_ids).toEqual([source?.job_id]);
    expect(pipeline.job_runs.every((run) => run.created_job_id === null)).toBe(true);
  });

  it("accepts the newer datasets form", async () => {
    const { client } = studioFixture();
    const { pipeline } = await client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
    expect(pipeline.job_runs.map((run) => run.name)).toContain("ns.proj.cats");
  });

  it("runs job runs in dependency order and completes with completed = total", async () => {
    const { client, advance } = studioFixture();
    const { pipeline } = await client.triggerPipeline(CATS);
    const at = async (seconds: number) => {
      await advance(seconds);
      return client.pipelineStatus({ pipeline_id: pipeline.pipeline_id });
    };
    let now = await at(2);
    expect(now.status).toBe("RUNNING");
    expect(runStatuses(now)).toMatchObject({ cats_source: "QUEUED", cats_clean: "PENDING", cats: "PENDING" });
    now = await at(30);
    expect(runStatuses(now)).toMatchObject({ cats_source: "COMPLETE", cats_clean: "QUEUED", cats_features: "QUEUED" });
    expect(now.completed).toBe(1);
    now = await at(60);
    expect(now).toMatchObject({ status: "COMPLETED", completed: 4, total: 4 });
  });

  it("creates a real job for each run, visible in the jobs list", async () => {
    const { client, advance } = studioFixture();
    const { pipeline } = await client.triggerPipeline(CATS);
    await advance(5);
    const status = await client.pipelineStatus({ name: pipeline.name });
    const source = status.job_runs[0];
    expect(source?.created_job_id).not.toBeNull();
    const job = await client.getJob(source?.created_job_id as string);
    expect(job.name).toBe("ns.proj.cats_source");
  });

  it("fails the pipeline when a job inside it fails, naming the job", async () => {
    const { client, advance, control } = studioFixture();
    await control("/outcomes", { match: "cats_features", status: "FAILED", error_message: "KeyError: 'label'" });
    const { pipeline } = await client.triggerPipeline(CATS);
    await advance(120);
    const status = await client.pipelineStatus({ pipeline_id: pipeline.pipeline_id });
    expect(status.status).toBe("FAILED");
    expect(status.error_message).toBe("job ns.proj.cats_features failed: KeyError: 'label'");
    expect(runStatuses(status)).toMatchObject({ cats_features: "FAILED", cats_clean: "COMPLETE", cats: "CANCELED" });
  });

  it("starts a review pipeline PAUSED and runs it only once resumed", async () => {
    const { client, advance } = studioFixture();
    const { pipeline } = await client.triggerPipeline({ ...CATS, review: true });
    expect(pipeline.status).toBe("PAUSED");
    await advance(60);
    expect((await client.pipelineStatus({ pipeline_id: pipeline.pipeline_id })).completed).toBe(0);
    const resumed = await client.resumePipeline({ pipeline_id: pipeline.pipeline_id });
    expect(resumed.pipeline.status).toBe("PENDING");
    await advance(200);
    expect((await client.pipelineStatus({ pipeline_id: pipeline.pipeline_id })).status).toBe("COMPLETED");
  });

  it("pauses a running pipeline: running jobs finish, no new ones start", async () => {
    const { client, advance } = studioFixture();
    const { pipeline } = await client.triggerPipeline(CATS);
    await advance(5);
    const paused = await client.pausePipeline({ name: pipeline.name });
    expect(paused.pipeline.status).toBe("PAUSED");
    await advance(100);
    const status = await client.pipelineStatus({ pipeline_id: pipeline.pipeline_id });
    expect(status.status).toBe("PAUSED");
    expect(runStatuses(status)).toMatchObject({ cats_source: "COMPLETE", cats_clean: "PENDING" });
  });

  it("refuses to pause a finished pipeline or resume one that is not paused", async () => {
    const { client, advance } = studioFixture();
    const { pipeline } = await client.triggerPipeline(CATS);
    const notPaused = (await failureOf(client.resumePipeline({ pipeline_id: pipeline.pipeline_id }))) as StudioError;
    expect(notPaused.studioMessage).toContain("only a PAUSED pipeline can be resumed");
    await advance(200);
    const finished = (await failureOf(client.pausePipeline({ pipeline_id: pipeline.pipeline_id }))) as StudioError;
    expect(finished.code).toBe("studio_invalid_request");
    expect(finished.studioMessage).toContain("COMPLETED");
  });

  it("removes a pending job from a paused pipeline and keeps completed/total consistent", async () => {
    const { client, advance } = studioFixture();
    const { pipeline } = await client.triggerPipeline({ ...CATS, review: true });
    const features = pipeline.job_runs.find((run) => run.name.endsWith("_features"));
    const { pipeline: after } = await client.removePipelineJob({
      pipeline_id: pipeline.pipeline_id,
      job_id: features?.job_id as string,
    });
    expect(after.total).toBe(3);
    expect(after.job_runs.some((run) => run.job_id === features?.job_id)).toBe(false);
    expect(after.job_runs.flatMap((run) => run.parent_job_ids)).not.toContain(features?.job_id);
    await client.resumePipeline({ pipeline_id: pipeline.pipeline_id });
    await advance(200);
    expect(await client.pipelineStatus({ pipeline_id: pipeline.pipeline_id })).toMatchObject({
      status: "COMPLETED",
      completed: 3,
      total: 3,
    });
  });

  it("refuses remove-job on a running pipeline and on a job that already started", async () => {
    const { client, advance } = studioFixture();
    const { pipeline } = await client.triggerPipeline(CATS);
    const [source, clean] = pipeline.job_runs;
    const running = (await failureOf(
      client.removePipelineJob({ pipeline_id: pipeline.pipeline_id, job_id: clean?.job_id as string }),
    )) as StudioError;
    expect(running.studioMessage).toContain("only from a PAUSED pipeline");
    await advance(5);
    await client.pausePipeline({ pipeline_id: pipeline.pipeline_id });
    const started = (await failureOf(
      client.removePipelineJob({ pipeline_id: pipeline.pipeline_id, job_id: source?.job_id as string }),
    )) as StudioError;
    expect(started.studioMessage).toContain("only a PENDING job can be removed");
  });

  it("answers 404 for an unknown pipeline", async () => {
    const { client } = studioFixture();
    const error = (await failureOf(client.pipelineStatus({ name: "nope" }))) as StudioError;
    expect(error.code).toBe("studio_not_found");
  });

  it("lists pipelines newest first and filters by status", async () => {
    const { client, advance } = studioFixture();
    const first = await client.triggerPipeline(CATS);
    await advance(1);
    const second = await client.triggerPipeline({ ...CATS, review: true });
    const all = await client.listPipelines();
    expect(all.map((pipeline) => pipeline.pipeline_id)).toEqual([
      second.pipeline.pipeline_id,
      first.pipeline.pipeline_id,
    ]);
    expect((await client.listPipelines({ status: "PAUSED" })).map((pipeline) => pipeline.pipeline_id)).toEqual([
      second.pipeline.pipeline_id,
    ]);
  });
});
