import type { z } from "zod";
import { BridgeError } from "../errors";
import type { BridgeEvent, GithubEventName } from "./event";
import { IssueCommentPayload, PullRequestPayload, PushPayload, ReleasePayload } from "./payloads";

/**
 * Turns a verified payload into a BridgeEvent. Pure. A payload that does not fit its event's schema is a
 * 400 naming the first field that is wrong.
 */
export function normalizeEvent(name: GithubEventName, delivery: string, payload: unknown): BridgeEvent {
  switch (name) {
    case "push":
      return normalizePush(delivery, parse(PushPayload, payload, name));
    case "pull_request":
      return normalizePullRequest(delivery, parse(PullRequestPayload, payload, name));
    case "release":
      return normalizeRelease(delivery, parse(ReleasePayload, payload, name));
    case "issue_comment":
      return normalizeIssueComment(delivery, parse(IssueCommentPayload, payload, name));
  }
}

function parse<S extends z.ZodType>(schema: S, payload: unknown, name: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(root)";
  throw new BridgeError(400, "invalid_payload", `not a ${name} payload: ${where}: ${issue?.message ?? "invalid"}`);
}

/** GitHub marks apps with a `[bot]` login suffix and users of type `Bot`. */
function common(
  delivery: string,
  payload: { repository: { full_name: string }; sender: { login: string; type?: string } },
) {
  return {
    delivery,
    repository: payload.repository.full_name,
    sender: payload.sender.login,
    sender_is_bot: payload.sender.login.endsWith("[bot]") || payload.sender.type === "Bot",
  };
}

function normalizePush(delivery: string, payload: z.output<typeof PushPayload>): BridgeEvent {
  const isTag = payload.ref.startsWith("refs/tags/");
  const files = payload.commits.flatMap((commit) => [...commit.added, ...commit.modified, ...commit.removed]);
  return {
    ...common(delivery, payload),
    name: "push",
    sha: payload.after,
    ref: payload.ref,
    ref_type: isTag ? "tag" : "branch",
    ref_name: payload.ref.replace(/^refs\/(heads|tags)\//, ""),
    deleted: payload.deleted,
    commit_message: payload.head_commit?.message,
    changed_files: [...new Set(files)],
  };
}

function normalizePullRequest(delivery: string, payload: z.output<typeof PullRequestPayload>): BridgeEvent {
  const pr = payload.pull_request;
  return {
    ...common(delivery, payload),
    name: "pull_request",
    action: payload.action,
    sha: pr.head.sha,
    ref: `refs/heads/${pr.head.ref}`,
    ref_type: "branch",
    ref_name: pr.head.ref,
    deleted: false,
    pull_request: {
      number: payload.number,
      head_ref: pr.head.ref,
      base_ref: pr.base.ref,
      merged: pr.merged === true,
      labels: pr.labels.map((label) => label.name),
    },
  };
}

function normalizeRelease(delivery: string, payload: z.output<typeof ReleasePayload>): BridgeEvent {
  const tag = payload.release.tag_name;
  return {
    ...common(delivery, payload),
    name: "release",
    action: payload.action,
    sha: tag,
    ref: `refs/tags/${tag}`,
    ref_type: "tag",
    ref_name: tag,
    deleted: false,
    release_tag: tag,
  };
}

function normalizeIssueComment(delivery: string, payload: z.output<typeof IssueCommentPayload>): BridgeEvent {
  return {
    ...common(delivery, payload),
    name: "issue_comment",
    action: payload.action,
    sha: "",
    ref: "",
    ref_name: "",
    deleted: false,
    comment: {
      id: payload.comment.id,
      body: payload.comment.body,
      issue: payload.issue.number,
      on_pull_request: payload.issue.pull_request !== undefined && payload.issue.pull_request !== null,
    },
  };
}
