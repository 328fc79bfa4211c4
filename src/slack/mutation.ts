import type { ActionInput, Origin } from "../actions/action";
import type { BridgeConfig } from "../config/schema";
import { escapeText } from "./cards";
import type { SlackCommand } from "./command";
import { renderRecipe } from "./recipe";

export type MutatingCommand = Extract<
  SlackCommand,
  { name: "run" | "cancel" | "trigger" | "pause" | "resume" | "remove-job" }
>;

export type BuiltAction = { ok: true; action: ActionInput } | { ok: false; message: string };

/**
 * The Action a mutating command puts on the queue. Its id comes from Slack's `trigger_id`, unique per
 * command or button press and the same on a retry, so a repeated request is one action.
 */
export function actionFor(
  command: MutatingCommand,
  context: {
    config: BridgeConfig;
    team: string;
    origin: Extract<Origin, { kind: "slack" }>;
    triggerId: string;
    now: number;
  },
): BuiltAction {
  const { config } = context;
  let operation: ActionInput["operation"];
  let rule: string | undefined;
  let notify: string[] = [];
  switch (command.name) {
    case "run": {
      const recipe = config.slack.recipes.find((candidate) => candidate.name === command.recipe);
      if (!recipe) {
        const names = config.slack.recipes.map((candidate) => `\`${candidate.name}\``).join(", ");
        return {
          ok: false,
          message: `There is no recipe \`${escapeText(command.recipe)}\`. Recipes: ${names || "none are configured"}.`,
        };
      }
      const rendered = renderRecipe(recipe, command.params);
      if (!rendered.ok) return { ok: false, message: escapeText(rendered.message) };
      operation = rendered.operation;
      rule = recipe.name;
      notify = recipe.notify ?? config.notify;
      break;
    }
    case "cancel":
      operation = { type: "cancel_job", job_id: command.id };
      break;
    case "trigger":
      operation = { type: "trigger_pipeline", dataset: command.dataset, review: command.review };
      notify = config.notify;
      break;
    case "pause":
      operation = { type: "pause_pipeline", pipeline: command.pipeline };
      break;
    case "resume":
      operation = { type: "resume_pipeline", pipeline: command.pipeline };
      break;
    case "remove-job":
      operation = { type: "remove_pipeline_job", pipeline: command.pipeline, job_id: command.job_id };
      break;
  }
  return {
    ok: true,
    action: {
      id: `slack-${context.origin.team_id}-${context.triggerId}`,
      team: context.team,
      origin: context.origin,
      ...(rule ? { rule } : {}),
      operation,
      notify,
      created_at: new Date(context.now).toISOString(),
    },
  };
}

/** "cancel job `…`", for the acknowledgement and the report in the channel. */
export function describeOperation(operation: ActionInput["operation"], rule?: string): string {
  switch (operation.type) {
    case "create_job":
      return `run recipe \`${rule ?? operation.job.query_name ?? "job"}\``;
    case "trigger_pipeline":
      return `trigger a pipeline for \`${escapeText(operation.dataset)}\`${operation.review ? " (paused for review)" : ""}`;
    case "cancel_job":
      return `cancel job \`${escapeText(operation.job_id)}\``;
    case "pause_pipeline":
      return `pause pipeline \`${escapeText(operation.pipeline)}\``;
    case "resume_pipeline":
      return `resume pipeline \`${escapeText(operation.pipeline)}\``;
    case "remove_pipeline_job":
      return `remove job \`${escapeText(operation.job_id)}\` from pipeline \`${escapeText(operation.pipeline)}\``;
    case "cancel_jobs":
      return `cancel the jobs of ${operation.rule ? `rule \`${escapeText(operation.rule)}\`` : `group \`${escapeText(operation.concurrency_group ?? "")}\``}`;
  }
}
