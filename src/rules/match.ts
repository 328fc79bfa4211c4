import type { BridgeConfig, Rule } from "../config/schema";
import type { BridgeEvent } from "../github/event";
import { matchesGlobs } from "./glob";

/** Whether one rule fires for one event, and why (the first filter that failed, or "matched"). */
export interface RuleDecision {
  rule: string;
  matched: boolean;
  reason: string;
}

/** Actions' defaults: a rule without `types` runs on these actions only. */
const DEFAULT_TYPES: Partial<Record<BridgeEvent["name"], readonly string[]>> = {
  pull_request: ["opened", "synchronize", "reopened"],
  release: ["published"],
};

/** Matches an event against every rule, in order. Pure. */
export function matchRules(config: BridgeConfig, event: BridgeEvent): RuleDecision[] {
  return config.rules.map((rule) => matchRule(rule, event, config.github.skip_markers));
}

export function matchRule(rule: Rule, event: BridgeEvent, skipMarkers: readonly string[]): RuleDecision {
  const failure = firstFailure(rule, event, skipMarkers);
  return { rule: rule.name, matched: failure === undefined, reason: failure ?? "matched" };
}

const list = (values: readonly string[]) => `[${values.join(", ")}]`;

/** Checks in a fixed order, cheapest and most telling first; returns the reason the rule does not fire. */
function firstFailure(rule: Rule, event: BridgeEvent, skipMarkers: readonly string[]): string | undefined {
  const filters = rule.if;
  if (rule.on !== event.name) return `listens to ${rule.on}, not ${event.name}`;
  if (rule.on === "issue_comment") return "runs only from a pull request comment command";
  if (event.sender_is_bot && !filters.allow_bots) return `sender ${event.sender} is a bot (allow_bots is off)`;
  const marker = skipMarkers.find((candidate) => event.commit_message?.includes(candidate));
  if (marker !== undefined) return `the head commit message contains "${marker}"`;
  if (event.deleted) return `the push deleted ${event.ref}`;
  if (filters.repositories && !matchesGlobs(event.repository, filters.repositories))
    return `repository ${event.repository} not in ${list(filters.repositories)}`;
  const refFailure = refFilterFailure(rule, event);
  if (refFailure) return refFailure;
  const types = filters.types ?? DEFAULT_TYPES[event.name];
  if (types && event.action !== undefined && !types.includes(event.action))
    return `action ${event.action} not in types ${list(types)}`;
  const pr = event.pull_request;
  if (pr && filters.base_branches && !matchesGlobs(pr.base_ref, filters.base_branches))
    return `base branch ${pr.base_ref} not in ${list(filters.base_branches)}`;
  if (pr && filters.labels && !filters.labels.some((label) => pr.labels.includes(label)))
    return `labels ${list(pr.labels)} include none of ${list(filters.labels)}`;
  if (pr && filters.merged !== undefined && pr.merged !== filters.merged)
    return filters.merged ? "the pull request was not merged" : "the pull request was merged";
  if (filters.senders && !matchesGlobs(event.sender, filters.senders))
    return `sender ${event.sender} not in ${list(filters.senders)}`;
  if (filters.paths) {
    if (event.changed_files === undefined) return "the changed files are not known for this event";
    const paths = filters.paths;
    if (!event.changed_files.some((file) => matchesGlobs(file, paths)))
      return `no changed file matches ${list(paths)} (${event.changed_files.length} changed)`;
  }
  return undefined;
}

/**
 * `branches` and `tags` as in Actions: with only `branches`, tag pushes do not fire (and the other way
 * round); with neither, both do. A pull request's branch is its head branch, a release's tag its tag.
 */
function refFilterFailure(rule: Rule, event: BridgeEvent): string | undefined {
  const { branches, tags } = rule.if;
  if (event.ref_type === "branch") {
    if (branches) {
      return matchesGlobs(event.ref_name, branches) ? undefined : `branch ${event.ref_name} not in ${list(branches)}`;
    }
    if (tags) return `branch ${event.ref_name}, but the rule filters tags only`;
  }
  if (event.ref_type === "tag") {
    if (tags) return matchesGlobs(event.ref_name, tags) ? undefined : `tag ${event.ref_name} not in ${list(tags)}`;
    if (branches) return `tag ${event.ref_name}, but the rule filters branches only`;
  }
  return undefined;
}
