import type { Deps } from "../deps";
import type { JobOutput, JobPipelineOutput } from "../studio/schemas";
import type { TrackedRun } from "../tracking/run";
import type { Action } from "./action";

/** What tracking a job or a pipeline differs in. */
type RunSpecifics = Pick<TrackedRun, "id" | "kind" | "studio_id" | "name" | "url" | "status" | "created_at"> &
  Partial<Pick<TrackedRun, "progress" | "job_runs" | "error_message">>;

/**
 * Starts tracking what an action created, remembering where it came from and who hears about it. A run
 * already tracked (an earlier attempt got this far) is left as it is: tracking may have moved it on since.
 */
async function startTracking(deps: Deps, action: Action, specifics: RunSpecifics): Promise<void> {
  if (await deps.runs.get(specifics.id)) return;
  const now = new Date(deps.clock.now()).toISOString();
  await deps.runs.put({
    ...specifics,
    team: action.team,
    status_since: now,
    origin: action.origin,
    action_id: action.id,
    rule: action.rule,
    notify: action.notify.length > 0 ? action.notify : deps.config.notify,
    // A run started from Slack reports to the channel it was started from.
    subscribers: action.origin.kind === "slack" ? [{ kind: "slack", channel: action.origin.channel }] : [],
    history: [{ at: now, event: `${specifics.kind}.created`, status: specifics.status, seen_by: "action" }],
  });
}

export function trackJob(deps: Deps, action: Action, job: JobOutput): Promise<void> {
  return startTracking(deps, action, {
    id: `job:${job.id}`,
    kind: "job",
    studio_id: job.id,
    name: job.name,
    url: job.url,
    status: job.status,
    error_message: job.error_message,
    created_at: job.created_at,
  });
}

export function trackPipeline(deps: Deps, action: Action, pipeline: JobPipelineOutput): Promise<void> {
  return startTracking(deps, action, {
    id: `pipeline:${pipeline.pipeline_id}`,
    kind: "pipeline",
    studio_id: pipeline.pipeline_id,
    name: pipeline.name,
    url: null,
    status: pipeline.status,
    progress: { completed: pipeline.completed, total: pipeline.total },
    job_runs: pipeline.job_runs.map((run) => ({ job_id: run.job_id, name: run.name, status: run.status })),
    error_message: pipeline.error_message,
    created_at: pipeline.created_at,
  });
}
