import type { z } from "zod";
import { type Clock, systemClock } from "../clock";
import { codeForStatus, StudioError } from "./error";
import { backoffDelay, defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from "./retry";
import {
  ActionFeedback,
  ClusterList,
  JobInput,
  JobList,
  JobLogs,
  JobOutput,
  JobPipelineOutput,
  type JobStatusFilter,
  type JobSummary,
  JobSummaryList,
  PipelineList,
  PipelineOutput,
  type PipelineSelector,
  type PipelineStatus,
  PipelineTriggerInput,
  UploadFileOutput,
} from "./schemas";

export interface StudioClientOptions {
  /** `DATACHAIN_STUDIO_URL`; the client appends `/api` as the `datachain` CLI does. */
  baseUrl: string;
  /** `DATACHAIN_STUDIO_TOKEN`, sent as `Authorization: token <TOKEN>` like the CLI. */
  token: string;
  /** `DATACHAIN_STUDIO_TEAM`: the team used when a call names none. */
  team: string;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Per attempt. Default 10 s: well inside a queue consumer's budget, long enough for a busy Studio. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Source of jitter; injected so tests are repeatable. */
  random?: () => number;
}

/** Per-call options every method takes. */
export interface CallOptions {
  team?: string;
  /**
   * `false` makes one attempt only. The action executor uses it for job creation, where it checks Studio for
   * the job it may already have created before trying again (DESIGN.md, "nothing doubled").
   */
  retry?: boolean;
}

export interface ListJobsQuery {
  status?: JobStatusFilter;
  /** Studio's default is 20. */
  limit?: number;
  jobId?: string;
}

/** `Omit` that keeps a union a union, so both trigger forms stay accepted. */
type WithoutTeam<T> = T extends unknown ? Omit<T, "team_name"> : never;
type PipelineTrigger = WithoutTeam<z.input<typeof PipelineTriggerInput>>;
type JobSpec = Omit<JobInput, "team_name">;

interface Call<S extends z.ZodType> {
  method: "GET" | "POST";
  path: string;
  schema: S;
  query?: Record<string, string | number | undefined>;
  json?: Record<string, unknown>;
  form?: FormData;
}

/**
 * Typed client for the DataChain Studio REST API: one method per endpoint, every answer validated against
 * the wire schemas, retries with backoff and jitter on 5xx, 429 and network errors, never on other 4xx.
 */
export class StudioClient {
  readonly team: string;
  readonly #apiUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #random: () => number;

  constructor(options: StudioClientOptions) {
    this.team = options.team;
    this.#apiUrl = `${options.baseUrl.replace(/\/+$/, "")}/api`;
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
    this.#random = options.random ?? Math.random;
  }

  /** `GET /datachain/jobs/`: newest first, `limit` jobs (Studio's default 20). */
  listJobs(query: ListJobsQuery = {}, options?: CallOptions): Promise<JobOutput[]> {
    return this.#listJobsAs(JobList, query, options);
  }

  /** `GET /datachain/jobs/` read as summaries: the same request, lighter on CPU (see JobSummary). */
  listJobSummaries(query: ListJobsQuery = {}, options?: CallOptions): Promise<JobSummary[]> {
    return this.#listJobsAs(JobSummaryList, query, options);
  }

  #listJobsAs<S extends z.ZodType>(schema: S, query: ListJobsQuery, options?: CallOptions): Promise<z.output<S>> {
    const { status, limit, jobId } = query;
    return this.#call(
      { method: "GET", path: "/datachain/jobs/", schema, query: { status, limit, job_id: jobId } },
      options,
    );
  }

  /** One job, through the list endpoint's `job_id` filter (the API has no single-job GET). */
  async getJob(jobId: string, options?: CallOptions): Promise<JobOutput> {
    const [job] = await this.listJobs({ jobId, limit: 1 }, options);
    if (!job) throw new StudioError("studio_not_found", 404, `no job ${jobId}`, "GET /datachain/jobs/");
    return job;
  }

  /** `POST /datachain/jobs/`. The input is validated here first, so a bad rule fails before any request. */
  createJob(job: JobSpec, options?: CallOptions): Promise<JobOutput> {
    const body = JobInput.parse({ ...job, team_name: this.#teamOf(options) });
    return this.#call({ method: "POST", path: "/datachain/jobs/", schema: JobOutput, json: body }, options);
  }

  /** `GET /datachain/jobs/{id}/logs`. */
  jobLogs(jobId: string, options?: CallOptions) {
    return this.#call(
      { method: "GET", path: `/datachain/jobs/${encodeURIComponent(jobId)}/logs`, schema: JobLogs },
      options,
    );
  }

  /** `POST /datachain/jobs/{id}/cancel`. */
  cancelJob(jobId: string, options?: CallOptions) {
    return this.#call(
      {
        method: "POST",
        path: `/datachain/jobs/${encodeURIComponent(jobId)}/cancel`,
        schema: ActionFeedback,
        json: { team_name: this.#teamOf(options) },
      },
      options,
    );
  }

  /** `POST /datachain/jobs/files`: multipart field `file`; the returned id goes into a job's `files`. */
  uploadFile(file: { filename: string; content: string | Uint8Array }, options?: CallOptions) {
    const form = new FormData();
    form.append("file", new Blob([file.content]), file.filename);
    return this.#call(
      {
        method: "POST",
        path: "/datachain/jobs/files",
        schema: UploadFileOutput,
        query: { team_name: this.#teamOf(options) },
        form,
      },
      options,
    );
  }

  /** `GET /datachain/clusters/`. */
  listClusters(options?: CallOptions) {
    return this.#call({ method: "GET", path: "/datachain/clusters/", schema: ClusterList }, options);
  }

  /** `POST /datachain/pipeline/trigger`: rebuild a dataset and what it depends on. */
  triggerPipeline(trigger: PipelineTrigger, options?: CallOptions) {
    const body = PipelineTriggerInput.parse({ ...trigger, team_name: this.#teamOf(options) });
    return this.#call(
      { method: "POST", path: "/datachain/pipeline/trigger", schema: PipelineOutput, json: body },
      options,
    );
  }

  /** `GET /datachain/pipeline/status`: one pipeline, by id or name. */
  pipelineStatus(selector: PipelineSelector, options?: CallOptions) {
    return this.#call(
      {
        method: "GET",
        path: "/datachain/pipeline/status",
        schema: JobPipelineOutput,
        query: { pipeline_id: selector.pipeline_id, name: selector.name },
      },
      options,
    );
  }

  /** `POST /datachain/pipeline/pause`. */
  pausePipeline(selector: PipelineSelector, options?: CallOptions) {
    return this.#pipelineAction("pause", { ...selector }, options);
  }

  /** `POST /datachain/pipeline/resume`. */
  resumePipeline(selector: PipelineSelector, options?: CallOptions) {
    return this.#pipelineAction("resume", { ...selector }, options);
  }

  /** `POST /datachain/pipeline/remove-job`: drop a pending job from a paused pipeline. */
  removePipelineJob(selector: PipelineSelector & { job_id: string }, options?: CallOptions) {
    return this.#pipelineAction("remove-job", { ...selector }, options);
  }

  /** `GET /datachain/pipeline/list`. */
  listPipelines(query: { status?: PipelineStatus } = {}, options?: CallOptions) {
    return this.#call(
      { method: "GET", path: "/datachain/pipeline/list", schema: PipelineList, query: { status: query.status } },
      options,
    );
  }

  #pipelineAction(action: string, body: Record<string, unknown>, options?: CallOptions) {
    return this.#call(
      {
        method: "POST",
        path: `/datachain/pipeline/${action}`,
        schema: PipelineOutput,
        json: { ...body, team_name: this.#teamOf(options) },
      },
      options,
    );
  }

  /**
   * One fetch, bounded by the timeout. The race does not trust the fetch to honour its abort signal: an
   * in-process or proxied fetch may not, and a call must never hang a queue consumer.
   */
  async #fetchWithin(
    request: { url: string; method: string; headers: Record<string, string>; body: BodyInit | undefined },
    label: string,
  ): Promise<Response> {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new StudioError("studio_timeout", 0, `no answer within ${this.#timeoutMs} ms`, label));
      }, this.#timeoutMs);
    });
    try {
      const { url, ...init } = request;
      return await Promise.race([this.#fetch(url, { ...init, signal: abort.signal }), timeout]);
    } catch (error) {
      if (error instanceof StudioError) throw error;
      throw new StudioError("studio_network_error", 0, "connection failed", label, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  #teamOf(options?: CallOptions): string {
    return options?.team ?? this.team;
  }

  async #call<S extends z.ZodType>(call: Call<S>, options?: CallOptions): Promise<z.output<S>> {
    const label = `${call.method} ${call.path}`;
    const retries = options?.retry === false ? 0 : this.#retry.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(call, label, options);
      } catch (error) {
        if (!(error instanceof StudioError) || !error.retryable || attempt >= retries) throw error;
        const wait = error.retryAfterMs ?? backoffDelay(attempt, this.#retry, this.#random);
        // Studio asked for a longer pause than one invocation should spend asleep: let the caller reschedule.
        if (wait > this.#retry.maxRetryAfterMs) throw error;
        await this.#clock.sleep(wait);
      }
    }
  }

  async #attempt<S extends z.ZodType>(call: Call<S>, label: string, options?: CallOptions): Promise<z.output<S>> {
    const url = new URL(`${this.#apiUrl}${call.path}`);
    const query = call.method === "GET" ? { ...call.query, team_name: this.#teamOf(options) } : call.query;
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { authorization: `token ${this.#token}`, accept: "application/json" };
    let body: BodyInit | undefined;
    if (call.json) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(call.json);
    } else if (call.form) {
      body = call.form;
    }

    const response = await this.#fetchWithin({ url: url.toString(), method: call.method, headers, body }, label);
    const text = await response.text();
    if (!response.ok) {
      throw new StudioError(codeForStatus(response.status), response.status, studioMessage(text, response), label, {
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), this.#clock.now()),
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new StudioError("studio_bad_response", response.status, "answer is not JSON", label, { cause: error });
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      throw new StudioError("studio_bad_response", response.status, describeMismatch(parsed.error), label, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}

/** Studio's own words from an error body (`detail` or `message`), short, for logs and chat. */
export function studioMessage(text: string, response: Response): string {
  let said: unknown;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    said = body.detail ?? body.message;
  } catch {
    said = undefined;
  }
  if (Array.isArray(said)) {
    said = said
      .map((item) => {
        const entry = item as { loc?: unknown[]; msg?: unknown };
        const where = Array.isArray(entry.loc) ? entry.loc.filter((part) => part !== "body").join(".") : "";
        return where ? `${where}: ${String(entry.msg)}` : String(entry.msg ?? JSON.stringify(item));
      })
      .join("; ");
  }
  const message = typeof said === "string" && said.length > 0 ? said : `HTTP ${response.status}`;
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}

/** Names the first fields that did not match, e.g. `[0].status: Invalid option ...`. */
function describeMismatch(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path
      .map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`))
      .join("")
      .replace(/^\./, "");
    return `${path || "(root)"}: ${issue.message}`;
  });
  return `answer does not match the Studio API schema: ${issues.join("; ")}`;
}
