import { required } from "../config/env";
import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import type { Block } from "./cards";

export interface SlackPost {
  channel: string;
  text: string;
  blocks?: Block[];
  thread_ts?: string;
}

/**
 * The Slack Web API calls the bridge makes with `SLACK_BOT_TOKEN`
 * (https://api.slack.com/methods/chat.postMessage, https://api.slack.com/methods/chat.update).
 * Slack answers 200 with `{"ok": false, "error": ...}` on failure; that becomes a BridgeError.
 */
export async function postMessage(deps: Deps, message: SlackPost): Promise<{ channel: string; ts: string }> {
  return posted(await callSlack(deps, "chat.postMessage", { ...message }), message.channel);
}

export async function updateMessage(
  deps: Deps,
  message: SlackPost & { ts: string },
): Promise<{ channel: string; ts: string }> {
  return posted(await callSlack(deps, "chat.update", { ...message }), message.channel);
}

/**
 * Members of a user group, for `slack.mutating.groups` (needs the `usergroups:read` scope).
 * https://api.slack.com/methods/usergroups.users.list
 */
export async function usergroupMembers(deps: Deps, usergroup: string): Promise<string[]> {
  // A read method: Slack takes its arguments in the query string (it does not accept JSON for every method).
  const answer = await callSlack(deps, `usergroups.users.list?${new URLSearchParams({ usergroup })}`, {});
  return Array.isArray(answer.users) ? answer.users.filter((user): user is string => typeof user === "string") : [];
}

/**
 * Posts to a command's `response_url` (Slack allows 5 posts within 30 minutes).
 * https://api.slack.com/interactivity/handling#message_responses
 */
export async function postToResponseUrl(
  deps: Deps,
  responseUrl: string,
  message: { text: string; blocks?: Block[]; response_type?: "ephemeral" | "in_channel"; replace_original?: boolean },
): Promise<void> {
  const response = await deps.fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  if (!response.ok)
    throw new BridgeError(502, "slack_response_url_failed", `Slack answered ${response.status} on response_url`);
}

function posted(answer: SlackAnswer, channel: string): { channel: string; ts: string } {
  return { channel: typeof answer.channel === "string" ? answer.channel : channel, ts: String(answer.ts ?? "") };
}

type SlackAnswer = { ok: boolean; error?: string; [field: string]: unknown };

async function callSlack(deps: Deps, method: string, body: Record<string, unknown>): Promise<SlackAnswer> {
  const token = required(deps.vars, "SLACK_BOT_TOKEN");
  const response = await deps.fetch(`${deps.vars.SLACK_API_URL}/${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({ ok: false, error: `http_${response.status}` }))) as SlackAnswer;
  if (!response.ok || !answer.ok) {
    const retryable = response.status >= 500 || response.status === 429 || answer.error === "ratelimited";
    throw new BridgeError(
      retryable ? 502 : 422,
      "slack_api_failed",
      `Slack ${method} failed: ${answer.error ?? response.status}`,
    );
  }
  return answer;
}
