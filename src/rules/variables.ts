import type { RuleEvent } from "../config/rules";

const PUSH = [
  "github.sha",
  "github.ref",
  "github.ref_name",
  "github.repository",
  "github.actor",
  "github.event_name",
] as const;
const PULL_REQUEST = [...PUSH, "github.pr_number", "github.head_ref", "github.base_ref"] as const;

/**
 * The fixed set of template variables each kind of rule may use (docs/github.md, "Templates"). A rule
 * using any other is a config error at build time. `issue_comment` rules run from a pull request comment,
 * so they see the pull request's variables.
 */
export const TEMPLATE_VARIABLES: Readonly<Record<RuleEvent, readonly string[]>> = {
  push: PUSH,
  pull_request: PULL_REQUEST,
  issue_comment: PULL_REQUEST,
  release: [...PUSH, "github.release_tag"],
  schedule: ["schedule.due"],
};

/** Slack recipes see their declared parameters only. */
export function recipeVariables(params: readonly { name: string }[]): string[] {
  return params.map((param) => `params.${param.name}`);
}
