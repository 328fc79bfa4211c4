import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import { readRepositoryFile } from "../github/contents";
import type { QueueMessage } from "../queue/message";
import { DATASET_REF, type JobOutput, type JobPipelineOutput } from "../studio/schemas";
import type { Action, ActionResult, StudioOperation } from "./action";
import { cancelJobs } from "./cancel-jobs";
import { enterConcurrencyGroup } from "./concurrency";
import { ACTION_ID_VARIABLE, jobInputFor, pipelineSelector, pipelineTriggerFor } from "./job-input";
import { getActionRecord, putActionRecord } from "./record";
import { reportActionResult } from "./report";
import { trackJob, trackPipeline } from "./track";

/** How far back an attempt looks for the job an earlier attempt may have created (newest first). */
const RECENT_JOBS = 100;
/**
 * After an attempt sent a create whose answer never came, the job may be far down the list when the queue
 * retries (10 s, 20 s, ... later, behind a burst of other jobs), so that retry looks much further back.
 */
const RECENT_JOBS_AFTER_UNCERTAIN_CREATE = 2000;
const CREATING_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Executes one action against Studio (the ACTIONS queue consumer). Idempotent end to end: a done action is
 * not done again, a job is tagged with the action id and looked up before it is created, and creation is
 * a single attempt so the client never posts twice; the queue's retries do the rest.
 */
export async function executeAction(
  message: Extract<QueueMessage, { type: "action" }>,
  deps: Deps,
  attempt: number,
): Promise<void> {
  const { action } = message;
  const done = await getActionRecord(deps, action.id);
  if (done) {
    deps.log.info("action_already_done", { action: action.id, result: done.result });
    return;
  }
  const result = await perform(deps, action, attempt);
  await report(deps, action, result);
  await putActionRecord(deps, {
    id: action.id,
    state: "done",
    done_at: new Date(deps.clock.now()).toISOString(),
    result: describeResult(result),
  });
}

async function perform(deps: Deps, action: Action, attempt: number): Promise<ActionResult> {
  const studio = deps.studio(action.team);
  const operation = action.operation;
  switch (operation.type) {
    case "create_job":
      return createJob(deps, action, operation);
    case "trigger_pipeline":
      return triggerPipeline(deps, action, operation, attempt);
    case "cancel_job":
      return feedback(await studio.cancelJob(operation.job_id));
    case "cancel_jobs":
      return cancelJobs(deps, action, operation);
    case "pause_pipeline":
      return pipelineFeedback(await studio.pausePipeline(pipelineSelector(operation.pipeline)));
    case "resume_pipeline":
      return pipelineFeedback(await studio.resumePipeline(pipelineSelector(operation.pipeline)));
    case "remove_pipeline_job":
      return pipelineFeedback(
        await studio.removePipelineJob({ ...pipelineSelector(operation.pipeline), job_id: operation.job_id }),
      );
  }
}

async function createJob(
  deps: Deps,
  action: Action,
  operation: Extract<StudioOperation, { type: "create_job" }>,
): Promise<ActionResult> {
  const studio = deps.studio(action.team);
  // One list call finds the job an earlier attempt created even when its answer was lost.
  const creating = `creating:${action.id}`;
  const uncertain = (await deps.kv.get(creating)) !== null;
  const recent = await studio.listJobs({ limit: uncertain ? RECENT_JOBS_AFTER_UNCERTAIN_CREATE : RECENT_JOBS });
  let job: JobOutput | undefined = recent.find((candidate) => candidate.environment[ACTION_ID_VARIABLE] === action.id);
  const existing = job !== undefined;
  if (!job) {
    const query = operation.query_file ? await readFile(deps, action, operation.query_file) : undefined;
    const fileIds: string[] = [];
    for (const path of operation.files) {
      const content = await readFile(deps, action, path);
      const uploaded = await studio.uploadFile({ filename: path.split("/").pop() ?? path, content });
      fileIds.push(uploaded.id);
    }
    await deps.kv.put(creating, new Date(deps.clock.now()).toISOString(), { expirationTtl: CREATING_TTL_SECONDS });
    job = await studio.createJob(jobInputFor(action, operation, { query, fileIds }), { retry: false });
  }
  await trackJob(deps, action, job);
  await enterConcurrencyGroup(deps, action, job.id);
  return { kind: "job", job, existing };
}

/**
 * A pipeline trigger carries no tag, so a retry looks for a pipeline building the same dataset created
 * since the action was: the best Studio's API allows.
 */
async function triggerPipeline(
  deps: Deps,
  action: Action,
  operation: Extract<StudioOperation, { type: "trigger_pipeline" }>,
  attempt: number,
): Promise<ActionResult> {
  const studio = deps.studio(action.team);
  const trigger = pipelineTriggerFor(operation);
  let pipeline: JobPipelineOutput | undefined;
  if (attempt > 1) {
    const ref = DATASET_REF.exec(operation.dataset);
    const dataset = ref ? `${ref[1]}.${ref[2]}.${ref[3]}` : operation.dataset;
    pipeline = (await studio.listPipelines()).find(
      (candidate) =>
        candidate.created_at >= action.created_at && candidate.job_runs.some((run) => run.name === dataset),
    );
  }
  pipeline ??= (await studio.triggerPipeline(trigger, { retry: false })).pipeline;
  await trackPipeline(deps, action, pipeline);
  return { kind: "pipeline", pipeline };
}

/** Files come from the repository at the event's commit, so only GitHub-caused actions can name them. */
async function readFile(deps: Deps, action: Action, path: string): Promise<string> {
  if (action.origin.kind !== "github") {
    throw new BridgeError(422, "file_without_commit", `${path}: files are read from GitHub and need a GitHub event`);
  }
  return readRepositoryFile(deps, action.origin.repository, path, action.origin.sha);
}

const feedback = (answer: { ok: boolean; message: string }): ActionResult => ({
  kind: "feedback",
  ok: answer.ok,
  message: answer.message,
});

const pipelineFeedback = (answer: { ok: boolean; pipeline: JobPipelineOutput }): ActionResult => ({
  kind: "feedback",
  ok: answer.ok,
  message: `pipeline ${answer.pipeline.name} is ${answer.pipeline.status}`,
});

/**
 * Reporting is part of the action: a GitHub or Slack outage is retried (the executor's idempotency makes
 * that safe), but a refusal (a 4xx, e.g. a token without access) is logged and does not undo the work.
 */
async function report(deps: Deps, action: Action, result: ActionResult): Promise<void> {
  try {
    await reportActionResult(deps, action, result);
  } catch (error) {
    if (!(error instanceof BridgeError) || error.status >= 500) throw error;
    deps.log.warn("action_report_refused", { action: action.id, code: error.code, error: error.message });
  }
}

function describeResult(result: ActionResult): string {
  switch (result.kind) {
    case "job":
      return `job:${result.job.id}`;
    case "pipeline":
      return `pipeline:${result.pipeline.pipeline_id}`;
    case "feedback":
      return result.message;
    case "skipped":
      return `skipped: ${result.reason}`;
  }
}
