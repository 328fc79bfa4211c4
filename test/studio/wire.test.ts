import { describe, expect, it } from "vitest";
import { StudioClient } from "../../src/studio/client";
import type { StudioError } from "../../src/studio/error";
import { failureOf, rawStudio, studioFixture } from "../helpers/studio";

/**
 * The wire shapes written out by hand from the Studio REST API contract, so a change to either the client's
 * schemas or the emulator's answers fails here rather than in production.
 */
const JOB_FIELDS = [
  "created_at",
  "created_by",
  "environment",
  "error_message",
  "exit_code",
  "finished_at",
  "id",
  "name",
  "python_version",
  "query",
  "query_type",
  "repository",
  "requirements",
  "status",
  "team",
  "url",
  "workers",
];
const PIPELINE_FIELDS = [
  "completed",
  "created_at",
  "error_message",
  "error_stack",
  "job_runs",
  "name",
  "pipeline_id",
  "status",
  "total",
  "triggered_from",
  "updated_at",
];
const JOB_RUN_FIELDS = ["created_job_id", "job_id", "name", "parent_job_ids", "status"];

interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
}

/** A client whose requests are recorded on their way to the emulator. */
function recordingClient() {
  const fixture = studioFixture();
  const sent: SentRequest[] = [];
  const client = new StudioClient({
    baseUrl: "http://studio.test/",
    token: "dev-token",
    team: "dev-team",
    clock: fixture.clock,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const type = request.headers.get("content-type") ?? "";
      sent.push({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: type.startsWith("application/json") ? await request.clone().json() : type.split(";")[0],
        authorization: request.headers.get("authorization"),
      });
      return fixture.emulator.fetch(request);
    },
  });
  return { ...fixture, client, sent };
}

describe("wire format: what the client sends and what the emulator answers", () => {
  it("puts team_name in the query for GET and in the JSON body for POST, with the CLI's token header", async () => {
    const { client, sent } = recordingClient();
    const job = await client.createJob({ query: "print(1)" });
    await client.listJobs({ status: "ACTIVE", limit: 5 });
    await client.jobLogs(job.id);
    await client.cancelJob(job.id);
    expect(sent).toEqual([
      {
        method: "POST",
        path: "/api/datachain/jobs/",
        query: {},
        body: { query: "print(1)", query_type: "PYTHON", team_name: "dev-team" },
        authorization: "token dev-token",
      },
      {
        method: "GET",
        path: "/api/datachain/jobs/",
        query: { status: "ACTIVE", limit: "5", team_name: "dev-team" },
        body: "",
        authorization: "token dev-token",
      },
      {
        method: "GET",
        path: `/api/datachain/jobs/${job.id}/logs`,
        query: { team_name: "dev-team" },
        body: "",
        authorization: "token dev-token",
      },
      {
        method: "POST",
        path: `/api/datachain/jobs/${job.id}/cancel`,
        query: {},
        body: { team_name: "dev-team" },
        authorization: "token dev-token",
      },
    ]);
  });

  it("sends every pipeline call to its path with its selector where the API expects it", async () => {
    const { client, sent } = recordingClient();
    const { pipeline } = await client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"], review: true });
    const runId = pipeline.job_runs[1]?.job_id as string;
    await client.pipelineStatus({ name: pipeline.name });
    await client.removePipelineJob({ pipeline_id: pipeline.pipeline_id, job_id: runId });
    await client.resumePipeline({ name: pipeline.name });
    await client.pausePipeline({ pipeline_id: pipeline.pipeline_id });
    await client.listPipelines();
    await client.uploadFile({ filename: "a.txt", content: "a" });
    await client.listClusters();
    expect(sent.map((request) => [request.method, request.path, request.query, request.body])).toEqual([
      [
        "POST",
        "/api/datachain/pipeline/trigger",
        {},
        { team_name: "dev-team", datasets: ["@ns.proj.cats@1.0.0"], review: true },
      ],
      ["GET", "/api/datachain/pipeline/status", { name: pipeline.name, team_name: "dev-team" }, ""],
      [
        "POST",
        "/api/datachain/pipeline/remove-job",
        {},
        { pipeline_id: pipeline.pipeline_id, job_id: runId, team_name: "dev-team" },
      ],
      ["POST", "/api/datachain/pipeline/resume", {}, { name: pipeline.name, team_name: "dev-team" }],
      ["POST", "/api/datachain/pipeline/pause", {}, { pipeline_id: pipeline.pipeline_id, team_name: "dev-team" }],
      ["GET", "/api/datachain/pipeline/list", { team_name: "dev-team" }, ""],
      ["POST", "/api/datachain/jobs/files", { team_name: "dev-team" }, "multipart/form-data"],
      ["GET", "/api/datachain/clusters/", { team_name: "dev-team" }, ""],
    ]);
  });

  it("answers jobs, pipelines and job runs with exactly the contract's fields", async () => {
    const { client, emulator } = studioFixture();
    await client.createJob({ query: "print(1)" });
    await client.triggerPipeline({ datasets: ["@ns.proj.cats@1.0.0"] });
    const jobs = (await (await rawStudio(emulator, "/datachain/jobs/?team_name=dev-team")).json()) as object[];
    expect(Object.keys(jobs[0] ?? {}).sort()).toEqual(JOB_FIELDS);
    const pipelines = (await (await rawStudio(emulator, "/datachain/pipeline/list?team_name=dev-team")).json()) as {
      job_runs: object[];
    }[];
    expect(Object.keys(pipelines[0] ?? {}).sort()).toEqual(PIPELINE_FIELDS);
    expect(Object.keys(pipelines[0]?.job_runs[0] ?? {}).sort()).toEqual(JOB_RUN_FIELDS);
  });

  it("names the missing field when an answer drifts from the schema", async () => {
    const { client, control } = studioFixture();
    await client.createJob({ query: "print(1)" });
    await control("/faults", { kind: "omit_field", field: "status", count: 1 });
    const error = (await failureOf(client.listJobs())) as StudioError;
    expect(error.code).toBe("studio_bad_response");
    expect(error.message).toMatch(
      /^GET \/datachain\/jobs\/: answer does not match the Studio API schema: \[0\]\.status: /,
    );
  });

  it("tolerates fields Studio adds later", async () => {
    const { client } = studioFixture({
      client: {
        fetch: async () =>
          Response.json([
            {
              id: 1,
              name: "c",
              status: "ACTIVE",
              cloud_provider: "AWS",
              cloud_credentials: null,
              is_active: true,
              default: true,
              max_workers: 2,
              region: "eu-west-1",
            },
          ]),
      },
    });
    const [cluster] = await client.listClusters();
    expect(cluster).toMatchObject({ name: "c", region: "eu-west-1" });
  });
});
