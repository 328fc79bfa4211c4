import { githubSignature } from "../../scripts/lib/sign";
import type { BridgeFixture } from "./bridge";

/** The webhook secret bound in vitest.config.mts. */
export const WEBHOOK_SECRET = "test-github-webhook-secret";
export const REPO = "acme/models";
export const SHA = "a".repeat(40);
export const PR_HEAD_SHA = "b".repeat(40);

let sequence = 0;
/** A fresh `X-GitHub-Delivery` GUID-like id. */
export const newDelivery = () => `d0000000-0000-4000-8000-${String(++sequence).padStart(12, "0")}`;

export function signature(body: string, secret = WEBHOOK_SECRET): Promise<string> {
  return githubSignature(secret, body);
}

/** Posts a delivery the way GitHub does: the raw body signed with HMAC-SHA256 of the webhook secret. */
export async function deliver(
  bridge: Pick<BridgeFixture, "app" | "env">,
  event: string,
  payload: unknown,
  options: { delivery?: string; secret?: string; form?: boolean; headers?: Record<string, string> } = {},
): Promise<Response> {
  const json = JSON.stringify(payload);
  const body = options.form ? new URLSearchParams({ payload: json }).toString() : json;
  return bridge.app.request(
    "/webhooks/github",
    {
      method: "POST",
      headers: {
        "content-type": options.form ? "application/x-www-form-urlencoded" : "application/json",
        "x-github-event": event,
        "x-github-delivery": options.delivery ?? newDelivery(),
        "x-hub-signature-256": await signature(body, options.secret),
        "user-agent": "GitHub-Hookshot/abc123",
        ...options.headers,
      },
      body,
    },
    bridge.env,
  );
}

const repository = { id: 1, name: "models", full_name: REPO, private: true, owner: { login: "acme" } };
const user = (login: string) => ({ login, id: 7, type: login.endsWith("[bot]") ? "Bot" : "User" });

/** A push payload as GitHub sends it (trimmed to realistic fields). */
export function pushPayload(
  options: { ref?: string; sender?: string; message?: string; files?: string[]; deleted?: boolean } = {},
) {
  const message = options.message ?? "Tune the learning rate";
  const commit = {
    id: SHA,
    tree_id: "c".repeat(40),
    message,
    timestamp: "2026-12-01T08:59:00Z",
    author: { name: "Ada", email: "ada@example.com", username: "ada" },
    added: [],
    removed: [],
    modified: options.files ?? ["src/train.py"],
  };
  return {
    ref: options.ref ?? "refs/heads/main",
    before: "0".repeat(40),
    after: options.deleted ? "0".repeat(40) : SHA,
    created: false,
    deleted: options.deleted ?? false,
    forced: false,
    compare: `https://github.com/${REPO}/compare/000000...aaaaaa`,
    commits: options.deleted ? [] : [commit],
    head_commit: options.deleted ? null : commit,
    repository,
    pusher: { name: "ada", email: "ada@example.com" },
    sender: user(options.sender ?? "ada"),
  };
}

export function pullRequestPayload(
  options: { action?: string; merged?: boolean; labels?: string[]; base?: string; head?: string; number?: number } = {},
) {
  const number = options.number ?? 42;
  return {
    action: options.action ?? "opened",
    number,
    pull_request: {
      id: 9001,
      number,
      state: options.action === "closed" ? "closed" : "open",
      title: "Try a bigger model",
      merged: options.merged ?? false,
      draft: false,
      head: { ref: options.head ?? "feature/bigger", sha: PR_HEAD_SHA, repo: repository },
      base: { ref: options.base ?? "main", sha: SHA, repo: repository },
      labels: (options.labels ?? []).map((name, id) => ({ id, name, color: "ededed" })),
      user: user("ada"),
    },
    repository,
    sender: user("ada"),
  };
}

export function releasePayload(options: { action?: string; tag?: string } = {}) {
  return {
    action: options.action ?? "published",
    release: {
      id: 5,
      tag_name: options.tag ?? "v1.2.0",
      target_commitish: "main",
      name: "v1.2.0",
      draft: false,
      prerelease: false,
    },
    repository,
    sender: user("ada"),
  };
}

export function issueCommentPayload(options: { body: string; sender?: string; onPullRequest?: boolean }) {
  return {
    action: "created",
    issue: {
      number: 42,
      title: "Try a bigger model",
      ...(options.onPullRequest === false
        ? {}
        : { pull_request: { url: `https://api.github.com/repos/${REPO}/pulls/42` } }),
    },
    comment: { id: 777, body: options.body, user: user(options.sender ?? "ada") },
    repository,
    sender: user(options.sender ?? "ada"),
  };
}

/** What the local GitHub received, by path fragment (e.g. `/statuses/`). */
export function githubWrites(bridge: Pick<BridgeFixture, "emulator">, pathPart: string) {
  return bridge.emulator.sinks.records.github.filter((record) => record.path.includes(pathPart));
}
