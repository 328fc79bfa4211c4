import { Cron } from "croner";
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  DATASET_REF,
  JobInput,
  JobStatusFilter,
  PipelineSelector,
  PipelineStatus,
  PipelineTriggerInput,
  TERMINAL_JOB_STATUSES,
} from "../../src/studio/schemas";
import { authenticate, type Caller, checkTeam } from "./auth";
import { cancelJob, type EmulatedJob, jobView, parseEnvironment } from "./jobs";
import { type DatasetRef, type EmulatedPipeline, pipelineView, setStatus } from "./pipelines";
import { detail, invalid, invalidFrom } from "./respond";
import type { StudioWorld } from "./world";

type Env = { Variables: { caller: Caller } };

const ListJobsQuery = z.object({
  // Real Studio's cap is not documented; the bridge asks for up to 10,000 (docs/tracking.md).
  limit: z.coerce.number().int().min(1).max(10_000).default(20),
  status: JobStatusFilter.optional(),
  job_id: z.string().optional(),
});

/**
 * The Studio REST API v1.0.0 as the emulator serves it under `/api`: the 12 endpoints, with Studio's status
 * codes (401 no or bad token, 403 other team, 404 unknown id, 422 invalid fields) and error bodies.
 */
export function studioApi(world: StudioWorld): Hono<Env> {
  const api = new Hono<Env>({ strict: false });

  api.use(async (c, next) => {
    const caller = authenticate(c, world.options);
    if (caller instanceof Response) return caller;
    c.set("caller", caller);
    world.advance();
    await next();
  });

  api.get("/datachain/jobs", (c) => {
    const denied = checkTeam(c, c.var.caller, c.req.query("team_name"));
    if (denied) return denied;
    const query = ListJobsQuery.safeParse(c.req.query());
    if (!query.success) return invalidFrom(c, "query", query.error);
    const { limit, status, job_id } = query.data;
    const team = c.req.query("team_name");
    const jobs: EmulatedJob[] = [];
    for (const job of world.jobsNewestFirst()) {
      if (jobs.length >= limit) break;
      if (job.team === team && (job_id === undefined || job.id === job_id) && matchesStatus(job.status, status))
        jobs.push(job);
    }
    return c.json(jobs.map(jobView));
  });

  api.post("/datachain/jobs", async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const denied = checkTeam(c, c.var.caller, body.team_name);
    if (denied) return denied;
    const parsed = JobInput.safeParse(body);
    if (!parsed.success) return invalidFrom(c, "body", parsed.error);
    const input = parsed.data;
    const environment = parseEnvironment(input.environment);
    if ("badLine" in environment) {
      return invalid(c, [{ loc: ["body", "environment"], msg: `expected KEY=VALUE, got "${environment.badLine}"` }]);
    }
    const cluster = world.options.clusters.find((candidate) =>
      input.compute_cluster_id !== undefined
        ? candidate.id === input.compute_cluster_id
        : input.compute_cluster_name !== undefined
          ? candidate.name === input.compute_cluster_name
          : candidate.default,
    );
    if (!cluster) {
      const field = input.compute_cluster_id !== undefined ? "compute_cluster_id" : "compute_cluster_name";
      return invalid(c, [{ loc: ["body", field], msg: "no such compute cluster" }]);
    }
    const workers = input.workers ?? 1;
    if (workers > cluster.max_workers) {
      return invalid(c, [
        { loc: ["body", "workers"], msg: `cluster ${cluster.name} allows at most ${cluster.max_workers}` },
      ]);
    }
    const unknownFile = (input.files ?? []).find((id) => world.uploads.get(Number(id))?.team !== input.team_name);
    if (unknownFile !== undefined)
      return invalid(c, [{ loc: ["body", "files"], msg: `unknown file id ${unknownFile}` }]);
    if (input.cron_expression !== undefined && !validCron(input.cron_expression)) {
      return invalid(c, [{ loc: ["body", "cron_expression"], msg: "not a valid cron expression" }]);
    }
    const job = world.createJob({
      team: input.team_name,
      user: c.var.caller.user,
      query: input.query,
      queryType: input.query_type,
      name: input.query_name ?? null,
      environment,
      workers,
      pythonVersion: input.python_version ?? null,
      requirements: input.requirements ?? null,
      repository: input.repository ?? null,
      files: input.files ?? [],
      priority: input.priority ?? 3,
      cluster: cluster.name,
      startAfter: input.start_after === undefined ? undefined : Date.parse(input.start_after),
      cronExpression: input.cron_expression,
      publicUrl: publicUrl(c, world),
    });
    return c.json(jobView(job));
  });

  api.get("/datachain/jobs/:id/logs", (c) => {
    const denied = checkTeam(c, c.var.caller, c.req.query("team_name"));
    if (denied) return denied;
    const job = world.jobs.get(c.req.param("id"));
    if (!job || job.team !== c.req.query("team_name")) return detail(c, 404, "Job not found.");
    return c.json({
      job_id: job.id,
      status: job.status,
      logs: job.logs.map((line) => ({ timestamp: new Date(line.at).toISOString(), message: line.message })),
    });
  });

  api.post("/datachain/jobs/:id/cancel", async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const denied = checkTeam(c, c.var.caller, body.team_name);
    if (denied) return denied;
    const job = world.jobs.get(c.req.param("id"));
    if (!job || job.team !== body.team_name) return detail(c, 404, "Job not found.");
    const result = cancelJob(job, world.clock.now());
    const message = {
      canceled: "Job canceled.",
      canceling: "Job is being canceled.",
      already_finished: `Job already finished with status ${job.status}.`,
    }[result];
    return c.json({ ok: result !== "already_finished", message });
  });

  api.post("/datachain/jobs/files", async (c) => {
    const team = c.req.query("team_name");
    const denied = checkTeam(c, c.var.caller, team);
    if (denied) return denied;
    if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) {
      return detail(c, 415, "Unsupported media type; send multipart/form-data with a file field.");
    }
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > world.options.maxUploadBytes) return detail(c, 413, "File too large.");
    const form = await c.req.formData().catch(() => undefined);
    const file = form?.get("file");
    if (!(file instanceof File)) return invalid(c, [{ loc: ["body", "file"], msg: "Field required" }]);
    if (file.size > world.options.maxUploadBytes) return detail(c, 413, "File too large.");
    const id = world.nextSequence();
    const content = new Uint8Array(await file.arrayBuffer());
    world.uploads.set(id, { id, team: team as string, filename: file.name, size: file.size, content });
    return c.json({ id, filename: file.name, size: file.size, state: "UPLOADED", error: null });
  });

  api.get("/datachain/clusters", (c) => {
    const denied = checkTeam(c, c.var.caller, c.req.query("team_name"));
    if (denied) return denied;
    return c.json(world.options.clusters);
  });

  api.post("/datachain/pipeline/trigger", async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const denied = checkTeam(c, c.var.caller, body.team_name);
    if (denied) return denied;
    const parsed = PipelineTriggerInput.safeParse(body);
    if (!parsed.success) return invalidFrom(c, "body", parsed.error);
    const input = parsed.data;
    const datasets: DatasetRef[] =
      "datasets" in input
        ? input.datasets.map(parseDatasetRef)
        : [
            {
              namespace: input.namespace_name,
              project: input.project_name,
              name: input.dataset_name,
              version: input.version,
            },
          ];
    const pipeline = world.triggerPipeline(input.team_name, datasets, input.review, publicUrl(c, world));
    return c.json({ ok: true, pipeline: pipelineView(pipeline) });
  });

  api.get("/datachain/pipeline/status", (c) => {
    const denied = checkTeam(c, c.var.caller, c.req.query("team_name"));
    if (denied) return denied;
    const found = findPipeline(c, world, c.req.query("team_name") as string, c.req.query(), "query");
    if (found instanceof Response) return found;
    return c.json(pipelineView(found));
  });

  api.post("/datachain/pipeline/pause", (c) =>
    pipelineAction(c, world, (pipeline) => {
      if (pipeline.status !== "PENDING" && pipeline.status !== "RUNNING") {
        return `Pipeline is ${pipeline.status}; only a PENDING or RUNNING pipeline can be paused.`;
      }
      setStatus(pipeline, "PAUSED", world.clock.now());
      return undefined;
    }),
  );

  api.post("/datachain/pipeline/resume", (c) =>
    pipelineAction(c, world, (pipeline) => {
      if (pipeline.status !== "PAUSED") return `Pipeline is ${pipeline.status}; only a PAUSED pipeline can be resumed.`;
      const started = pipeline.job_runs.some((run) => run.created_job_id !== null);
      setStatus(pipeline, started ? "RUNNING" : "PENDING", world.clock.now());
      return undefined;
    }),
  );

  api.post("/datachain/pipeline/remove-job", (c) =>
    pipelineAction(c, world, (pipeline, body) => {
      const jobId = typeof body.job_id === "string" ? body.job_id : undefined;
      if (jobId === undefined) return "job_id is required.";
      const run = pipeline.job_runs.find((candidate) => candidate.job_id === jobId);
      if (!run) return `Pipeline ${pipeline.name} has no job ${jobId}.`;
      if (pipeline.status !== "PAUSED") return "Jobs can be removed only from a PAUSED pipeline.";
      if (run.status !== "PENDING" || run.created_job_id !== null)
        return `Job ${run.name} is ${run.status}; only a PENDING job can be removed.`;
      pipeline.job_runs = pipeline.job_runs.filter((candidate) => candidate !== run);
      for (const other of pipeline.job_runs) other.parent_job_ids = other.parent_job_ids.filter((id) => id !== jobId);
      pipeline.total = pipeline.job_runs.length;
      pipeline.updated_at = new Date(world.clock.now()).toISOString();
      return undefined;
    }),
  );

  api.get("/datachain/pipeline/list", (c) => {
    const team = c.req.query("team_name");
    const denied = checkTeam(c, c.var.caller, team);
    if (denied) return denied;
    const status = PipelineStatus.optional().safeParse(c.req.query("status"));
    if (!status.success) return invalidFrom(c, "query", status.error);
    const pipelines = [...world.pipelines.values()]
      .filter((pipeline) => pipeline.team === team && (status.data === undefined || pipeline.status === status.data))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    return c.json(pipelines.map(pipelineView));
  });

  return api;
}

function matchesStatus(status: z.infer<typeof JobStatusFilter>, filter: z.infer<typeof JobStatusFilter> | undefined) {
  if (filter === undefined) return true;
  if (filter === "ACTIVE") return !TERMINAL_JOB_STATUSES.includes(status as never);
  if (filter === "INACTIVE") return TERMINAL_JOB_STATUSES.includes(status as never);
  return status === filter;
}

async function readJson(c: Context): Promise<Record<string, unknown> | Response> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return detail(c, 400, "JSON parse error - expected an object.");
  }
  return body as Record<string, unknown>;
}

function findPipeline(
  c: Context,
  world: StudioWorld,
  team: string,
  source: Record<string, unknown>,
  where: "body" | "query",
): EmulatedPipeline | Response {
  const selector = PipelineSelector.safeParse({ pipeline_id: source.pipeline_id, name: source.name });
  if (!selector.success) return invalid(c, [{ loc: [where, "pipeline_id"], msg: "give pipeline_id or name" }]);
  const { pipeline_id, name } = selector.data;
  const pipeline = [...world.pipelines.values()].find(
    (candidate) =>
      candidate.team === team &&
      (pipeline_id === undefined || candidate.pipeline_id === pipeline_id) &&
      (name === undefined || candidate.name === name),
  );
  return pipeline ?? detail(c, 404, "Pipeline not found.");
}

/** Pause, resume and remove-job: find the pipeline from the body, apply `change` or answer 400 with its reason. */
async function pipelineAction(
  c: Context<Env>,
  world: StudioWorld,
  change: (pipeline: EmulatedPipeline, body: Record<string, unknown>) => string | undefined,
): Promise<Response> {
  const body = await readJson(c);
  if (body instanceof Response) return body;
  const denied = checkTeam(c, c.var.caller, body.team_name);
  if (denied) return denied;
  const pipeline = findPipeline(c, world, body.team_name as string, body, "body");
  if (pipeline instanceof Response) return pipeline;
  const refusal = change(pipeline, body);
  if (refusal !== undefined) return detail(c, 400, refusal);
  world.advance();
  return c.json({ ok: true, pipeline: pipelineView(pipeline) });
}

function parseDatasetRef(reference: string): DatasetRef {
  const [, namespace, project, name, version] = DATASET_REF.exec(reference) as RegExpExecArray;
  return { namespace: namespace as string, project: project as string, name: name as string, version };
}

function validCron(expression: string): boolean {
  try {
    // croner throws on a malformed pattern; the world computes the next run with it later.
    new Cron(expression);
    return true;
  } catch {
    return false;
  }
}

function publicUrl(c: Context, world: StudioWorld): string {
  return world.options.publicUrl ?? new URL(c.req.url).origin;
}
