import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type Started, startProcess } from "../../scripts/lib/processes";
import { StudioClient } from "../../src/studio/client";
import type { StudioError } from "../../src/studio/error";

const run = promisify(execFile);
let emulator: Started;
let client: StudioClient;

const control = (path: string, body: unknown) =>
  fetch(`${emulator.url}/_emulator${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  const port = await freePort();
  emulator = await startProcess("npm", ["run", "--silent", "emulator"], {
    env: { PORT: String(port) },
    readyUrl: `http://127.0.0.1:${port}/`,
  });
  client = new StudioClient({ baseUrl: emulator.url, token: "dev-token", team: "dev-team" });
  await control("/clock", { freeze: true });
});

afterAll(() => emulator?.stop());

describe("npm run emulator: Studio over real HTTP", () => {
  it("answers the README's curl example", async () => {
    const { stdout } = await run("curl", [
      "-s",
      "-X",
      "POST",
      `${emulator.url}/api/datachain/jobs/`,
      "-H",
      "Authorization: token dev-token",
      "-H",
      "Content-Type: application/json",
      "-d",
      '{"team_name": "dev-team", "query": "print(42)", "query_name": "hello"}',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ status: "CREATED", name: "hello", team: "dev-team" });
    const list = await run("curl", [
      "-s",
      `${emulator.url}/api/datachain/jobs/?team_name=dev-team`,
      "-H",
      "Authorization: token dev-token",
    ]);
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ name: "hello" });
  });

  it("serves all twelve endpoints to the typed client", async () => {
    const job = await client.createJob({ query: "print(1)", query_name: "over-http" });
    expect((await client.listJobs({ jobId: job.id }))[0]?.id).toBe(job.id);
    await control("/clock", { advance_seconds: 10 });
    expect((await client.jobLogs(job.id)).logs.length).toBeGreaterThan(1);
    expect((await client.cancelJob(job.id)).ok).toBe(true);
    const upload = await client.uploadFile({ filename: "q.py", content: "print(1)\n" });
    expect(upload.size).toBe(9);
    expect((await client.listClusters()).length).toBeGreaterThan(0);
    const { pipeline } = await client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"], review: true });
    const pending = pipeline.job_runs[1]?.job_id as string;
    expect((await client.pipelineStatus({ name: pipeline.name })).status).toBe("PAUSED");
    expect(
      (await client.removePipelineJob({ pipeline_id: pipeline.pipeline_id, job_id: pending })).pipeline.total,
    ).toBe(3);
    expect((await client.resumePipeline({ pipeline_id: pipeline.pipeline_id })).pipeline.status).toBe("PENDING");
    expect((await client.pausePipeline({ pipeline_id: pipeline.pipeline_id })).pipeline.status).toBe("PAUSED");
    expect((await client.listPipelines()).map((listed) => listed.pipeline_id)).toContain(pipeline.pipeline_id);
  });

  it("drops connections when told to, and the client retries through it", async () => {
    await control("/faults", { kind: "drop", count: 1 });
    expect((await client.listClusters()).length).toBeGreaterThan(0);
    const state = (await (await fetch(`${emulator.url}/_emulator`)).json()) as { faults_fired: { drop: number } };
    expect(state.faults_fired.drop).toBe(1);
  });

  it("reports a dropped connection as a network error once retries are spent", async () => {
    await control("/faults", { kind: "drop", count: 2 });
    const noRetry = new StudioClient({
      baseUrl: emulator.url,
      token: "dev-token",
      team: "dev-team",
      retry: { retries: 1 },
    });
    const error = await noRetry.listClusters().catch((caught: StudioError) => caught);
    expect((error as StudioError).code).toBe("studio_network_error");
  });
});
