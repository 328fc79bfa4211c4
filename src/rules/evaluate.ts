import type { Action } from "../actions/action";
import type { BridgeConfig } from "../config/schema";
import { BridgeError } from "../errors";
import type { BridgeEvent } from "../github/event";
import { matchRules, type RuleDecision } from "./match";
import { actionFor, eventValues, githubOrigin } from "./plan";

/** Deterministic, so a redelivered event yields the same ids and the executor refuses to do it twice. */
export const githubActionId = (delivery: string, rule: string) => `gh:${delivery}:${rule}`;

/**
 * An event against all rules: every rule's decision and the actions of those that fired. Pure; the webhook
 * intake and `POST /api/rules/test` both run it. A rule whose template cannot be filled for this event is
 * reported as not fired, with the reason.
 */
export function evaluateEvent(
  config: BridgeConfig,
  event: BridgeEvent,
  context: { team: string; now: number },
): { decisions: RuleDecision[]; actions: Action[] } {
  const values = eventValues(event);
  const actions: Action[] = [];
  const decisions = matchRules(config, event).map((decision) => {
    if (!decision.matched) return decision;
    const rule = config.rules.find((candidate) => candidate.name === decision.rule);
    if (!rule) return decision;
    try {
      actions.push(
        actionFor(rule, values, {
          id: githubActionId(event.delivery, rule.name),
          team: context.team,
          origin: githubOrigin(event),
          created_at: new Date(context.now).toISOString(),
        }),
      );
      return decision;
    } catch (error) {
      if (!(error instanceof BridgeError)) throw error;
      return { ...decision, matched: false, reason: `matched, but ${error.message}` };
    }
  });
  return { decisions, actions };
}

/** Whether matching this event needs the pull request's changed files (one GitHub call, made only then). */
export function needsPullRequestFiles(config: BridgeConfig, event: BridgeEvent): boolean {
  return (
    event.pull_request !== undefined &&
    event.changed_files === undefined &&
    config.rules.some((rule) => rule.on === event.name && rule.if.paths !== undefined)
  );
}
