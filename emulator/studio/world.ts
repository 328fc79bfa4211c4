import { Cron } from "croner";
import type { JobRun, JobStatus } from "../../src/studio/schemas";
import { EmulatorClock } from "../clock";
import type { ResolvedOptions } from "../options";
import { advanceJob, type EmulatedJob, FAIL_MARKER, type Outcome } from "./jobs";
import { advancePipeline, buildJobRuns, type DatasetRef, type EmulatedPipeline } from "./pipelines";

/** A rule that decides how matching jobs end: `match` is a substring of the query or the job's name. */
export interface OutcomeRule {
  match: string;
  status: "COMPLETE" | "FAILED";
  error_message?: string;
  hang?: boolean;
}

export interface StoredUpload {
  id: number;
  team: string;
  filename: string;
  size: number;
  content: Uint8Array;
}

/** Something that happened to a job, for listeners such as the outgoing Studio webhooks. */
export interface JobTransition {
  job: EmulatedJob;
  from: JobStatus;
  at: number;
}

export interface NewJob {
  team: string;
  user: string;
  query: string;
  queryType: "PYTHON" | "SHELL";
  name: string | null;
  environment: Record<string, string>;
  workers: number;
  pythonVersion: string | null;
  requirements: string | null;
  repository: string | null;
  files: string[];
  priority: number;
  cluster: string;
  startAfter: number | undefined;
  cronExpression: string | undefined;
  publicUrl: string;
}

/**
 * Everything the emulated Studio knows: jobs, pipelines, uploads and the rules for how jobs end. State moves
 * only in `advance()`, which every request calls first, so what a client reads is always up to the clock.
 */
export class StudioWorld {
  readonly jobs = new Map<string, EmulatedJob>();
  readonly pipelines = new Map<string, EmulatedPipeline>();
  readonly uploads = new Map<number, StoredUpload>();
  outcomeRules: OutcomeRule[] = [];
  readonly #listeners: ((transition: JobTransition) => void)[] = [];
  #sequence = 0;

  constructor(
    readonly options: ResolvedOptions,
    readonly clock: EmulatorClock = new EmulatorClock(),
  ) {}

  /** Called for every job status change, in the order they happened. */
  onJobTransition(listener: (transition: JobTransition) => void): void {
    this.#listeners.push(listener);
  }

  reset(): void {
    this.jobs.clear();
    this.pipelines.clear();
    this.uploads.clear();
    this.outcomeRules = [];
  }

  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  /**
   * Every job, newest first, as Studio lists them. Jobs are created in clock order unless the clock was set
   * back; only then is a sort needed. A listing of ten among thousands of jobs stays cheap, so the emulator
   * does not slow down a long benchmark or chaos run as jobs pile up.
   */
  jobsNewestFirst(): EmulatedJob[] {
    const all = [...this.jobs.values()];
    const newestFirst = (a: EmulatedJob, b: EmulatedJob) => b.created_at.localeCompare(a.created_at);
    for (let i = 1; i < all.length; i++) {
      if ((all[i - 1] as EmulatedJob).created_at > (all[i] as EmulatedJob).created_at) return all.sort(newestFirst);
    }
    // Already oldest first: walk back, keeping jobs created at the same instant in creation order (as the
    // stable sort above does).
    const out: EmulatedJob[] = [];
    for (let end = all.length; end > 0; ) {
      let start = end - 1;
      while (start > 0 && (all[start - 1] as EmulatedJob).created_at === (all[end - 1] as EmulatedJob).created_at)
        start -= 1;
      for (let i = start; i < end; i++) out.push(all[i] as EmulatedJob);
      end = start;
    }
    return out;
  }

  /** Brings every job and pipeline up to the clock, starting pipeline jobs as their parents complete. */
  advance(): void {
    const now = this.clock.now();
    const notify = (job: EmulatedJob, from: JobStatus, at: number) => {
      for (const listener of this.#listeners) listener({ job, from, at });
    };
    for (let round = 0; round < 100; round++) {
      for (const job of this.jobs.values()) advanceJob(job, now, this.options.durations, notify);
      let started = false;
      for (const pipeline of this.pipelines.values()) {
        const startJob = (owner: EmulatedPipeline, run: JobRun, at: number) => this.#startPipelineJob(owner, run, at);
        started = advancePipeline(pipeline, now, this.options.durations, this.jobs, startJob) || started;
      }
      if (!started) return;
    }
  }

  createJob(input: NewJob, at = this.clock.now()): EmulatedJob {
    const startAt =
      input.startAfter ??
      (input.cronExpression ? new Cron(input.cronExpression).nextRun(new Date(at))?.getTime() : undefined);
    const id = crypto.randomUUID();
    const status: JobStatus = startAt !== undefined && startAt > at ? "SCHEDULED" : "CREATED";
    const job: EmulatedJob = {
      id,
      url: `${input.publicUrl}/team/${input.team}/jobs/${id}`,
      status,
      created_at: new Date(at).toISOString(),
      created_by: input.user,
      finished_at: null,
      query: input.query,
      query_type: input.queryType,
      team: input.team,
      name: input.name,
      workers: input.workers,
      python_version: input.pythonVersion,
      requirements: input.requirements,
      repository: input.repository,
      environment: input.environment,
      exit_code: null,
      error_message: null,
      phaseStartedAt: at,
      startAt,
      outcome: this.#outcomeFor(input.query, input.name),
      logs: [{ at, message: status === "SCHEDULED" ? "job scheduled" : "job created" }],
      lastLogAt: at,
      files: input.files,
      priority: input.priority,
      cluster: input.cluster,
    };
    this.jobs.set(id, job);
    for (const listener of this.#listeners) listener({ job, from: status, at });
    return job;
  }

  triggerPipeline(team: string, datasets: DatasetRef[], review: boolean, publicUrl: string): EmulatedPipeline {
    const now = this.clock.now();
    const first = datasets[0] as DatasetRef;
    const pipeline: EmulatedPipeline = {
      pipeline_id: crypto.randomUUID(),
      status: review ? "PAUSED" : "PENDING",
      job_runs: datasets.flatMap((dataset) => buildJobRuns(dataset, () => crypto.randomUUID())),
      completed: 0,
      total: 0,
      error_message: null,
      error_stack: null,
      triggered_from: "api",
      name: `rebuild-${first.name}-${this.nextSequence()}`,
      created_at: new Date(now).toISOString(),
      updated_at: new Date(now).toISOString(),
      team,
      phaseStartedAt: now,
      publicUrl,
    };
    pipeline.total = pipeline.job_runs.length;
    this.pipelines.set(pipeline.pipeline_id, pipeline);
    return pipeline;
  }

  #startPipelineJob(pipeline: EmulatedPipeline, run: JobRun, at: number): EmulatedJob {
    return this.createJob(
      {
        team: pipeline.team,
        user: "pipeline",
        query: `# pipeline ${pipeline.name}\nimport datachain as dc\ndc.read_dataset("${run.name}").save()\n`,
        queryType: "PYTHON",
        name: run.name,
        environment: { DATACHAIN_PIPELINE_ID: pipeline.pipeline_id },
        workers: 1,
        pythonVersion: null,
        requirements: null,
        repository: null,
        files: [],
        priority: 3,
        cluster: "default",
        startAfter: undefined,
        cronExpression: undefined,
        publicUrl: pipeline.publicUrl,
      },
      at,
    );
  }

  #outcomeFor(query: string, name: string | null): Outcome {
    const rule = this.outcomeRules.find(
      (candidate) => query.includes(candidate.match) || name?.includes(candidate.match),
    );
    if (rule) {
      return {
        status: rule.status,
        errorMessage: rule.error_message ?? `RuntimeError: failed as the emulator was told (${rule.match})`,
        hang: rule.hang ?? false,
      };
    }
    if (query.includes(FAIL_MARKER)) {
      return { status: "FAILED", errorMessage: `RuntimeError: query asked to fail (${FAIL_MARKER})`, hang: false };
    }
    return { status: "COMPLETE", errorMessage: "", hang: false };
  }
}
