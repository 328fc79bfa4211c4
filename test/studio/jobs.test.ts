import { describe, expect, it } from "vitest";
import { StudioError } from "../../src/studio/error";
import { failureOf, studioFixture } from "../helpers/studio";

describe("jobs: create, list, lifecycle, logs, cancel", () => {
  it("creates a job and answers the JobOutput with the environment as an object", async () => {
    const { client } = studioFixture();
    const job = await client.createJob({
      query: "print('hello')",
      query_name: "hello",
      environment: "RUN_BY=studio-bridge\nSHA=abc123",
      workers: 2,
      priority: 4,
      python_version: "3.12",
      requirements: "pandas",
      repository: "https://github.com/acme/data",
    });
    expect(job).toMatchObject({
      status: "CREATED",
      name: "hello",
      team: "dev-team",
      created_by: "dev-user",
      workers: 2,
      python_version: "3.12",
      environment: { RUN_BY: "studio-bridge", SHA: "abc123" },
      finished_at: null,
      exit_code: null,
    });
    expect(job.url).toContain(job.id);
  });

  it("moves a job CREATED -> QUEUED -> INIT -> RUNNING -> COMPLETE on the emulator's clock", async () => {
    const { client, advance } = studioFixture();
    const { id } = await client.createJob({ query: "print(1)" });
    const seen: string[] = [];
    for (const seconds of [0, 1, 3, 4, 22]) {
      await advance(seconds);
      seen.push((await client.getJob(id)).status);
    }
    expect(seen).toEqual(["CREATED", "QUEUED", "INIT", "RUNNING", "COMPLETE"]);
    const done = await client.getJob(id);
    expect(done.exit_code).toBe(0);
    expect(done.finished_at).toBe("2026-12-01T09:00:30.000Z");
  });

  it("fails a job whose query carries the failure marker, with exit code and message", async () => {
    const { client, advance } = studioFixture();
    const { id } = await client.createJob({ query: "raise SystemExit  # EMULATOR_FAIL" });
    await advance(60);
    const job = await client.getJob(id);
    expect(job.status).toBe("FAILED");
    expect(job.exit_code).toBe(1);
    expect(job.error_message).toContain("EMULATOR_FAIL");
  });

  it("ends jobs as the control API was told, matching the job name", async () => {
    const { client, advance, control } = studioFixture();
    await control("/outcomes", { match: "nightly", status: "FAILED", error_message: "OOMKilled" });
    const { id } = await client.createJob({ query: "print(1)", query_name: "nightly-rebuild" });
    await advance(60);
    expect(await client.getJob(id)).toMatchObject({ status: "FAILED", error_message: "OOMKilled" });
  });

  it("keeps a hanging job RUNNING until it is cancelled", async () => {
    const { client, advance, control } = studioFixture();
    await control("/outcomes", { match: "forever", status: "COMPLETE", hang: true });
    const { id } = await client.createJob({ query: "while True: pass  # forever" });
    await advance(3600);
    expect((await client.getJob(id)).status).toBe("RUNNING");
  });

  it("lists newest first, 20 by default, and filters by status, ACTIVE, INACTIVE and job_id", async () => {
    const { client, advance } = studioFixture();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      ids.push((await client.createJob({ query: `print(${i})` })).id);
      await advance(1);
    }
    const listed = await client.listJobs();
    expect(listed).toHaveLength(20);
    expect(listed[0]?.id).toBe(ids[24]);
    expect(await client.listJobs({ limit: 3 })).toHaveLength(3);
    // The first jobs have run for 24 s by now: RUNNING, still active.
    expect((await client.listJobs({ status: "ACTIVE", limit: 100 })).length).toBe(25);
    await advance(30);
    expect(await client.listJobs({ status: "ACTIVE", limit: 100 })).toHaveLength(0);
    expect(await client.listJobs({ status: "INACTIVE", limit: 100 })).toHaveLength(25);
    expect(await client.listJobs({ status: "COMPLETE", limit: 100 })).toHaveLength(25);
    expect((await client.listJobs({ jobId: ids[3] })).map((job) => job.id)).toEqual([ids[3]]);
  });

  it("answers a missing job with a typed not-found error", async () => {
    const { client } = studioFixture();
    const error = await failureOf(client.getJob("no-such-job"));
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe("studio_not_found");
  });

  it("holds a job with start_after in SCHEDULED until its time", async () => {
    const { client, advance } = studioFixture();
    const { id, status } = await client.createJob({ query: "print(1)", start_after: "2026-12-01T10:00:00Z" });
    expect(status).toBe("SCHEDULED");
    await advance(3599);
    expect((await client.getJob(id)).status).toBe("SCHEDULED");
    await advance(1 + 30);
    expect((await client.getJob(id)).status).toBe("COMPLETE");
  });

  it("holds a cron job in SCHEDULED until the next matching minute", async () => {
    const { client, advance } = studioFixture();
    const { id, status } = await client.createJob({ query: "print(1)", cron_expression: "30 9 * * *" });
    expect(status).toBe("SCHEDULED");
    await advance(29 * 60);
    expect((await client.getJob(id)).status).toBe("SCHEDULED");
    await advance(60 + 1);
    expect((await client.getJob(id)).status).toBe("QUEUED");
  });

  it("cancels a running job through CANCELING to CANCELED", async () => {
    const { client, advance } = studioFixture();
    const { id } = await client.createJob({ query: "print(1)" });
    await advance(10);
    expect(await client.cancelJob(id)).toEqual({ ok: true, message: "Job is being canceled." });
    expect((await client.getJob(id)).status).toBe("CANCELING");
    await advance(2);
    const job = await client.getJob(id);
    expect(job.status).toBe("CANCELED");
    expect(job.finished_at).not.toBeNull();
  });

  it("refuses to cancel a job that already finished, without an HTTP error", async () => {
    const { client, advance } = studioFixture();
    const { id } = await client.createJob({ query: "print(1)" });
    await advance(60);
    const feedback = await client.cancelJob(id);
    expect(feedback.ok).toBe(false);
    expect(feedback.message).toContain("COMPLETE");
  });

  it("grows a job's logs as it runs", async () => {
    const { client, advance } = studioFixture();
    const { id } = await client.createJob({ query: "print(1)" });
    await advance(10);
    const early = await client.jobLogs(id);
    await advance(10);
    const later = await client.jobLogs(id);
    expect(later.logs.length).toBeGreaterThan(early.logs.length);
    expect(later.logs.map((line) => line.message)).toContain("running on cluster default");
    expect(later.status).toBe("RUNNING");
  });
});
