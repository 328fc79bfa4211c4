import { BridgeError } from "../errors";
import type { JobInput } from "../studio/schemas";
import type { Action } from "./action";

/** The environment variable every job the bridge creates carries, so a retry can find it in Studio. */
export const ACTION_ID_VARIABLE = "STUDIO_BRIDGE_ACTION_ID";

type CreateJobOperation = Extract<Action["operation"], { type: "create_job" }>;

/**
 * The body of `POST /datachain/jobs/` for a create_job action, once its query file is read and its files
 * uploaded. Pure: the executor sends it, `POST /api/rules/test` shows it.
 */
export function jobInputFor(
  action: Action,
  operation: CreateJobOperation,
  resolved: { query?: string; fileIds: string[] },
): Omit<JobInput, "team_name"> {
  const query = resolved.query ?? operation.job.query;
  if (query === undefined) throw new BridgeError(422, "job_without_query", "the job has neither query nor query_file");
  const tag = `${ACTION_ID_VARIABLE}=${action.id}`;
  return {
    ...operation.job,
    query,
    environment: operation.job.environment ? `${operation.job.environment}\n${tag}` : tag,
    ...(resolved.fileIds.length > 0 ? { files: [...(operation.job.files ?? []), ...resolved.fileIds] } : {}),
  };
}

/** A dataset reference (`@ns.project.name[@1.0.0]`) as a pipeline trigger. */
export function pipelineTriggerFor(operation: { dataset: string; review: boolean }) {
  const dataset = operation.dataset.startsWith("@") ? operation.dataset : `@${operation.dataset}`;
  return { datasets: [dataset], review: operation.review };
}

/** Pipelines are named by users and identified by UUIDs; a UUID is taken as the id. */
export function pipelineSelector(pipeline: string): { pipeline_id: string } | { name: string } {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(pipeline)
    ? { pipeline_id: pipeline }
    : { name: pipeline };
}
