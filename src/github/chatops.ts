import type { Action } from "../actions/action";
import type { BridgeConfig } from "../config/schema";
import type { Deps } from "../deps";
import { githubActionId } from "../rules/evaluate";
import type { RuleDecision } from "../rules/match";
import { actionFor, eventValues, githubOrigin } from "../rules/plan";
import { githubRequest } from "./api";
import { createIssueComment } from "./comment";
import type { BridgeEvent } from "./event";
import { getPullRequest } from "./pulls";

/** What a comment came to: the actions to queue and the decision to record. */
export interface CommentOutcome {
  status: "accepted" | "ignored";
  reason: string;
  /** Not addressed to the bridge at all (an ordinary comment): not worth a KV write. */
  quiet?: boolean;
  decisions: RuleDecision[];
  actions: Action[];
}

/** A command in a comment: `/datachain run <rule>`, `/datachain help`, or something else after the prefix. */
export type ChatOpsCommand = { kind: "run"; rule: string } | { kind: "help" } | { kind: "unknown"; text: string };

/** Parses a comment body; undefined when it is not addressed to the bridge. Pure. */
export function parseChatOpsCommand(body: string, prefix: string): ChatOpsCommand | undefined {
  const firstLine = body.trim().split("\n")[0]?.trim() ?? "";
  if (firstLine !== prefix && !firstLine.startsWith(`${prefix} `)) return undefined;
  const words = firstLine.slice(prefix.length).trim().split(/\s+/).filter(Boolean);
  if (words[0] === "run" && words.length === 2) return { kind: "run", rule: words[1] as string };
  if (words.length === 0 || (words[0] === "help" && words.length === 1)) return { kind: "help" };
  return { kind: "unknown", text: words.join(" ") };
}

/** Rules a comment may run: those of code events, run against the pull request's head commit. */
export function runnableRules(config: BridgeConfig): string[] {
  return config.rules
    .filter((rule) => rule.on === "push" || rule.on === "pull_request" || rule.on === "issue_comment")
    .map((rule) => rule.name);
}

/**
 * ChatOps on pull requests: checks who asked (repository permission or the allowlist), reacts to the
 * comment, and answers with one comment that the run later edits (its id travels in `origin.comment_id`).
 */
export async function handleComment(deps: Deps, event: BridgeEvent): Promise<CommentOutcome> {
  const comment = event.comment;
  const settings = deps.config.github.chatops;
  const ignored = (reason: string, quiet = false): CommentOutcome => ({
    status: "ignored",
    reason,
    quiet,
    decisions: [],
    actions: [],
  });
  if (!comment || event.action !== "created")
    return ignored(`comment ${event.action ?? ""} is not a new comment`, true);
  const command = parseChatOpsCommand(comment.body, settings.command);
  if (!command) return ignored(`the comment does not start with ${settings.command}`, true);
  if (!comment.on_pull_request) return ignored("the comment is not on a pull request");
  if (event.sender_is_bot) return ignored(`sender ${event.sender} is a bot`);

  const reply = (body: string) => createIssueComment(deps, event.repository, comment.issue, body);
  const rules = runnableRules(deps.config);
  const help = `Usage: \`${settings.command} run <rule>\`. Rules: ${rules.map((name) => `\`${name}\``).join(", ") || "none"}.`;
  if (command.kind !== "run") {
    await react(deps, event, command.kind === "help" ? "+1" : "confused");
    await reply(command.kind === "help" ? help : `Unknown command \`${command.text}\`. ${help}`);
    return ignored(`${settings.command} ${command.kind === "help" ? "help" : command.text}`);
  }
  if (!(await mayRun(deps, event))) {
    await react(deps, event, "-1");
    await reply(`@${event.sender} needs ${settings.permissions.join(" or ")} permission to run rules here.`);
    return ignored(`${event.sender} may not run rules`);
  }
  const rule = deps.config.rules.find((candidate) => candidate.name === command.rule);
  if (!rule || !rules.includes(rule.name)) {
    await react(deps, event, "-1");
    await reply(`There is no rule \`${command.rule}\` to run. ${help}`);
    return ignored(`no runnable rule ${command.rule}`);
  }

  const pr = await getPullRequest(deps, event.repository, comment.issue);
  const target: BridgeEvent = {
    ...event,
    sha: pr.head.sha,
    ref: `refs/heads/${pr.head.ref}`,
    ref_type: "branch",
    ref_name: pr.head.ref,
    pull_request: {
      number: pr.number,
      head_ref: pr.head.ref,
      base_ref: pr.base.ref,
      merged: pr.merged,
      labels: pr.labels.map((label) => label.name),
    },
  };
  await react(deps, event, "eyes");
  const commentId = await reply(
    `Running \`${rule.name}\` on ${pr.head.sha.slice(0, 7)} for @${event.sender}: queued, waiting for Studio.`,
  );
  const action = actionFor(rule, eventValues(target), {
    id: githubActionId(event.delivery, rule.name),
    team: deps.vars.DATACHAIN_STUDIO_TEAM,
    origin: githubOrigin(target, { comment_id: commentId }),
    created_at: new Date(deps.clock.now()).toISOString(),
  });
  const reason = `run by ${event.sender} with ${settings.command} run`;
  return { status: "accepted", reason, decisions: [{ rule: rule.name, matched: true, reason }], actions: [action] };
}

/** The allowlist first (no call), then the commenter's repository permission. */
async function mayRun(deps: Deps, event: BridgeEvent): Promise<boolean> {
  const settings = deps.config.github.chatops;
  if (settings.users.includes(event.sender)) return true;
  const answer = (await githubRequest(
    deps,
    "GET",
    `/repos/${event.repository}/collaborators/${encodeURIComponent(event.sender)}/permission`,
  )) as { permission?: string; role_name?: string };
  const granted = [answer.role_name, answer.permission];
  return settings.permissions.some((permission) => granted.includes(permission));
}

/** https://docs.github.com/rest/reactions/reactions#create-reaction-for-an-issue-comment */
async function react(deps: Deps, event: BridgeEvent, content: "+1" | "-1" | "eyes" | "confused"): Promise<void> {
  await githubRequest(deps, "POST", `/repos/${event.repository}/issues/comments/${event.comment?.id}/reactions`, {
    content,
  });
}
