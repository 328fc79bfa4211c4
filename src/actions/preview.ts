import type { Action } from "./action";
import { jobInputFor, pipelineTriggerFor } from "./job-input";

/** One HTTP request the executor would make, as the dry run shows it. */
export interface PlannedRequest {
  service: "studio" | "github";
  method: "GET" | "POST";
  path: string;
  body?: unknown;
}

/**
 * The requests executing an action would send, in order, without sending any (`POST /api/rules/test`).
 * Content the executor reads at run time (a query file, uploaded file ids, a group's previous job) is shown
 * as a `<placeholder>` naming where it comes from.
 */
export function plannedRequests(action: Action): PlannedRequest[] {
  const operation = action.operation;
  const team_name = action.team;
  const sha = action.origin.kind === "github" ? action.origin.sha : "<commit>";
  const repository = action.origin.kind === "github" ? action.origin.repository : "<repository>";
  const read = (path: string): PlannedRequest => ({
    service: "github",
    method: "GET",
    path: `/repos/${repository}/contents/${path}?ref=${sha}`,
  });
  switch (operation.type) {
    case "create_job": {
      const uploads = operation.files.flatMap((path): PlannedRequest[] => [
        read(path),
        {
          service: "studio",
          method: "POST",
          path: `/datachain/jobs/files?team_name=${team_name}`,
          body: { file: `<contents of ${path}>` },
        },
      ]);
      const job = jobInputFor(action, operation, {
        query: operation.query_file ? `<contents of ${operation.query_file} at ${sha}>` : undefined,
        fileIds: operation.files.map((path) => `<file id of ${path}>`),
      });
      return [
        { service: "studio", method: "GET", path: "/datachain/jobs/?limit=100" },
        ...(operation.query_file ? [read(operation.query_file)] : []),
        ...uploads,
        { service: "studio", method: "POST", path: "/datachain/jobs/", body: { ...job, team_name } },
      ];
    }
    case "trigger_pipeline":
      return [
        {
          service: "studio",
          method: "POST",
          path: "/datachain/pipeline/trigger",
          body: { ...pipelineTriggerFor(operation), team_name },
        },
      ];
    case "cancel_jobs":
      return [
        {
          service: "studio",
          method: "POST",
          path: "/datachain/jobs/<each active job of the group or rule>/cancel",
          body: { team_name },
        },
      ];
    case "cancel_job":
      return [
        { service: "studio", method: "POST", path: `/datachain/jobs/${operation.job_id}/cancel`, body: { team_name } },
      ];
    case "pause_pipeline":
    case "resume_pipeline":
    case "remove_pipeline_job":
      return [
        {
          service: "studio",
          method: "POST",
          path: `/datachain/pipeline/${operation.type === "remove_pipeline_job" ? "remove-job" : operation.type.split("_")[0]}`,
          body: { pipeline: operation.pipeline, team_name },
        },
      ];
  }
}
