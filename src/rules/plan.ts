import type { Action, Origin, StudioOperation } from "../actions/action";
import type { JobTemplate, Rule } from "../config/schema";
import type { BridgeEvent } from "../github/event";
import { renderDeep, renderTemplate, type TemplateValues } from "./template";

/** The template values of a GitHub event (docs/github.md, "Templates"). */
export function eventValues(event: BridgeEvent): TemplateValues {
  return {
    "github.sha": event.sha,
    "github.ref": event.ref,
    "github.ref_name": event.ref_name,
    "github.repository": event.repository,
    "github.actor": event.sender,
    "github.event_name": event.name,
    "github.pr_number": event.pull_request ? String(event.pull_request.number) : undefined,
    "github.head_ref": event.pull_request?.head_ref,
    "github.base_ref": event.pull_request?.base_ref,
    "github.release_tag": event.release_tag,
  };
}

/** Where a GitHub-caused action came from, carried to the tracked run. */
export function githubOrigin(event: BridgeEvent, extra: { comment_id?: number } = {}): Origin {
  return {
    kind: "github",
    delivery: event.delivery,
    event: event.name,
    repository: event.repository,
    sha: event.sha,
    ref: event.ref || undefined,
    sender: event.sender,
    pull_request: event.pull_request?.number,
    ...extra,
  };
}

/** `KEY: value` pairs as Studio's `K=V` lines. */
export function environmentLines(environment: Record<string, string>): string {
  return Object.entries(environment)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

/**
 * A job template rendered into a create_job operation. Slack recipes render theirs through this too, with
 * their parameters as the values.
 */
export function createJobOperation(template: JobTemplate, values: TemplateValues): StudioOperation {
  const { environment, query_file, files, ...fields } = renderDeep(template, values);
  return {
    type: "create_job",
    job: {
      ...fields,
      query_type: fields.query_type ?? "PYTHON",
      ...(environment ? { environment: environmentLines(environment) } : {}),
    },
    query_file,
    files: files ?? [],
  };
}

/** A rule's action with its templates filled in. Pure: it throws only for a variable without a value. */
export function operationFor(rule: Rule, values: TemplateValues): StudioOperation {
  const action = rule.action;
  if ("create_job" in action) return createJobOperation(action.create_job, values);
  if ("trigger_pipeline" in action) {
    return {
      type: "trigger_pipeline",
      dataset: renderTemplate(action.trigger_pipeline.dataset, values),
      review: action.trigger_pipeline.review,
    };
  }
  return { type: "cancel_jobs", ...renderDeep(action.cancel_jobs, values) };
}

/** The queued action for a rule that fired. */
export function actionFor(
  rule: Rule,
  values: TemplateValues,
  base: { id: string; team: string; origin: Origin; created_at: string },
): Action {
  return {
    ...base,
    rule: rule.name,
    operation: operationFor(rule, values),
    concurrency: rule.concurrency && {
      group: renderTemplate(rule.concurrency.group, values),
      cancel_in_progress: rule.concurrency.cancel_in_progress,
    },
    notify: rule.notify ?? [],
  };
}
