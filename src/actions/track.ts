import type { Deps } from "../deps";
import type { JobOutput, JobPipelineOutput } from "../studio/schemas";
import type { TrackedRun } from "../tracking/run";
import type { Action } from "./action";

/** What every tracked run of an action shares: where it came from and who hears about it. */
function runBase(deps: Deps, action: Action) {
  const now = new Date(deps.clock.now()).toISOString();
  return {
    team: action.team,
    status_since: now,
    origin: action.origin,
    action_id: action.id,
    rule: action.rule,
    notify: action.notify.length > 0 ? action.notify : deps.config.notify,
    // A run started from Slack reports to the channel it was started from.
    subscribers: action.origin.kind === "slack" ? [{ kind: "slack" as const, channel: action.origin.channel }] : [],
    now,
  };
}

/**
 * Starts tracking a job the action created. A run already tracked (an earlier attempt got this far) is
 * left as it is: tracking may have moved it on since.
 */
export async function trackJob(deps: Deps, action: Action, job: JobOutput): Promise<void> {
  const id = `job:${job.id}`;
  if (await deps.runs.get(id)) return;
  const { now, ...base } = runBase(deps, action);
  const run: TrackedRun = {
    ...base,
    id,
    kind: "job",
    studio_id: job.id,
    name: job.name,
    url: job.url,
    status: job.status,
    error_message: job.error_message,
    created_at: job.created_at,
    stuck_notified: false,
    history: [{ at: now, event: "job.created", status: job.status, seen_by: "action" }],
    notifications: [],
  };
  await deps.runs.put(run);
}

/** Starts tracking a pipeline the action triggered. */
export async function trackPipeline(deps: Deps, action: Action, pipeline: JobPipelineOutput): Promise<void> {
  const id = `pipeline:${pipeline.pipeline_id}`;
  if (await deps.runs.get(id)) return;
  const { now, ...base } = runBase(deps, action);
  const run: TrackedRun = {
    ...base,
    id,
    kind: "pipeline",
    studio_id: pipeline.pipeline_id,
    name: pipeline.name,
    url: null,
    status: pipeline.status,
    progress: { completed: pipeline.completed, total: pipeline.total },
    job_runs: pipeline.job_runs.map((run) => ({ job_id: run.job_id, name: run.name, status: run.status })),
    error_message: pipeline.error_message,
    created_at: pipeline.created_at,
    stuck_notified: false,
    history: [{ at: now, event: "pipeline.created", status: pipeline.status, seen_by: "action" }],
    notifications: [],
  };
  await deps.runs.put(run);
}
