import { randomBytes, randomUUID } from "node:crypto";
import { githubSignature, slackHeaders } from "./sign";

/** Where the local bridge and emulator listen, and the secrets the bridge was started with. */
export interface LocalTarget {
  bridgeUrl: string;
  emulatorUrl: string;
  secrets: { GITHUB_WEBHOOK_SECRET: string; SLACK_SIGNING_SECRET: string; BRIDGE_ADMIN_TOKEN: string };
}

/** A request one of the emulator's local services (GitHub, Slack, webhook receiver) received. */
export interface SinkRecord {
  method: string;
  path: string;
  body: unknown;
  at: string;
}

export interface SlackUser {
  team: string;
  channel: string;
  user: string;
}

/** The user `npm run slack` sends as; allowed to mutate in the sample bridge.config.yaml. */
export const LOCAL_SLACK_USER: SlackUser = { team: "T_LOCAL_DEV", channel: "C_LOCAL_DEV", user: "U_LOCAL_DEV" };

/** A fresh 40-hex commit id, so every run of the demo or a test touches its own commit. */
export const newSha = () => randomBytes(20).toString("hex");

/**
 * Talks to a running bridge and emulator over HTTP the way GitHub, Slack and an operator would: signed
 * deliveries and commands, the admin API, the cron endpoint of `wrangler dev --test-scheduled`, and the
 * emulator's control API and sinks. Shared by `npm run demo` and the end-to-end tests.
 */
export class LocalClient {
  constructor(readonly target: LocalTarget) {}

  /**
   * A signed GitHub push of one commit touching `files` to `branch` of acme/models. Passing an earlier
   * `delivery` id is what GitHub's "Redeliver" button does.
   */
  async push(options: { sha?: string; delivery?: string; branch?: string; files?: string[]; message?: string } = {}) {
    const sha = options.sha ?? newSha();
    const delivery = options.delivery ?? randomUUID();
    const commit = {
      id: sha,
      tree_id: newSha(),
      message: options.message ?? "Tune the learning rate",
      timestamp: new Date().toISOString(),
      author: { name: "Ada", email: "ada@example.com", username: "ada" },
      added: [],
      removed: [],
      modified: options.files ?? ["src/train.py"],
    };
    const payload = {
      ref: `refs/heads/${options.branch ?? "main"}`,
      before: "0".repeat(40),
      after: sha,
      created: false,
      deleted: false,
      forced: false,
      compare: `https://github.com/acme/models/compare/${sha.slice(0, 12)}`,
      commits: [commit],
      head_commit: commit,
      repository: { id: 1, name: "models", full_name: "acme/models", private: true, owner: { login: "acme" } },
      pusher: { name: "ada", email: "ada@example.com" },
      sender: { login: "ada", id: 7, type: "User" },
    };
    const body = JSON.stringify(payload);
    const response = await fetch(`${this.target.bridgeUrl}/webhooks/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": delivery,
        "x-hub-signature-256": await githubSignature(this.target.secrets.GITHUB_WEBHOOK_SECRET, body),
        "user-agent": "GitHub-Hookshot/local",
      },
      body,
    });
    return { sha, delivery, status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A signed `/datachain <text>` slash command; `responseUrl` is the emulator's local Slack. */
  async slashCommand(text: string, who: SlackUser = LOCAL_SLACK_USER) {
    const triggerId = newTriggerId();
    const body = new URLSearchParams({
      team_id: who.team,
      channel_id: who.channel,
      user_id: who.user,
      command: "/datachain",
      text,
      response_url: this.responseUrl(triggerId),
      trigger_id: triggerId,
    }).toString();
    return { triggerId, ...(await this.slackPost("/slack/commands", body)) };
  }

  /** A signed press of a Block Kit button (`block_actions`), as Slack sends it. */
  async pressButton(actionId: string, value: string, who: SlackUser = LOCAL_SLACK_USER) {
    const triggerId = newTriggerId();
    const payload = {
      type: "block_actions",
      team: { id: who.team },
      user: { id: who.user },
      channel: { id: who.channel },
      response_url: this.responseUrl(triggerId),
      trigger_id: triggerId,
      actions: [{ type: "button", action_id: actionId, value }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return { triggerId, ...(await this.slackPost("/slack/interactions", body)) };
  }

  /** What the bridge posted to a command's `response_url`, oldest first. */
  async responses(triggerId: string): Promise<SinkRecord[]> {
    return (await this.sink("slack")).filter((record) => record.path.endsWith(`/${triggerId}`));
  }

  async sink(service: "github" | "slack" | "webhook"): Promise<SinkRecord[]> {
    const response = await fetch(`${this.target.emulatorUrl}/_emulator/sinks/${service}`);
    return ((await response.json()) as { records: SinkRecord[] }).records;
  }

  /** The emulator's control API (`/_emulator/...`). */
  async control(path: string, body?: unknown, method = "POST"): Promise<unknown> {
    const response = await fetch(`${this.target.emulatorUrl}/_emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** Moves the emulator's clock forward; its jobs and pipelines move with it. */
  advance(seconds: number): Promise<unknown> {
    return this.control("/clock", { advance_seconds: seconds });
  }

  /** Fires the Cron Trigger once (`wrangler dev --test-scheduled`), as Cloudflare would every minute. */
  async tick(): Promise<void> {
    const response = await fetch(`${this.target.bridgeUrl}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    if (!response.ok) throw new Error(`the cron tick failed: ${response.status} ${await response.text()}`);
  }

  /** `GET /api/<path>` with the admin token; undefined for a 404. */
  async admin<T = Record<string, unknown>>(path: string): Promise<T | undefined> {
    const response = await fetch(`${this.target.bridgeUrl}/api${path}`, {
      headers: { authorization: `Bearer ${this.target.secrets.BRIDGE_ADMIN_TOKEN}` },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET /api${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** The tracked run `job:<id>` or `pipeline:<id>`, as the bridge keeps it in KV. */
  async run(id: string): Promise<TrackedRunView | undefined> {
    return (await this.admin<{ run: TrackedRunView }>(`/runs/${id}`))?.run;
  }

  private responseUrl(triggerId: string): string {
    return `${this.target.emulatorUrl}/slack/response/${triggerId}`;
  }

  private async slackPost(path: string, body: string) {
    const response = await fetch(`${this.target.bridgeUrl}${path}`, {
      method: "POST",
      headers: await slackHeaders(this.target.secrets.SLACK_SIGNING_SECRET, body),
      body,
    });
    const text = await response.text();
    return { status: response.status, ack: text === "" ? undefined : (JSON.parse(text) as SlackMessageView) };
  }
}

/** The parts of a tracked run the demo and tests look at (`GET /api/runs/:id`). */
export interface TrackedRunView {
  id: string;
  status: string;
  progress?: { completed: number; total: number };
  finished?: boolean;
  history: { at: string; event?: string; status: string; seen_by?: string }[];
  notifications: { id: string; event: string; notifier: string; ok: boolean }[];
}

/** A Slack message as the bridge sends it: text and Block Kit blocks. */
export interface SlackMessageView {
  text?: string;
  response_type?: string;
  blocks?: { type: string; text?: { text?: string }; elements?: { action_id?: string; value?: string }[] }[];
}

/** The value of the first button with `actionId` in a message, if it has one. */
export function buttonValue(message: unknown, actionId: string): string | undefined {
  for (const block of (message as SlackMessageView | undefined)?.blocks ?? []) {
    for (const element of block.elements ?? []) if (element.action_id === actionId) return element.value;
  }
  return undefined;
}

/** All the text a Slack message shows (its fallback text and every block), for searching and printing. */
export function messageText(message: unknown): string {
  return (
    JSON.stringify(message ?? "")
      .match(/"text":"((?:[^"\\]|\\.)*)"/g)
      ?.map((match) => JSON.parse(match.slice(7)) as string)
      .join("\n") ?? ""
  );
}

/**
 * Polls `probe` until it returns something other than undefined; fails naming `what` after `timeoutMs`.
 * `between` runs before each retry (e.g. a cron tick), so a wait can also push the system along.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; between?: () => Promise<unknown> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : lastError})` : "";
      throw new Error(`timed out after ${Math.round((options.timeoutMs ?? 30_000) / 1000)}s waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
    await options.between?.();
  }
}

const newTriggerId = () => `local.${Date.now()}.${randomBytes(4).toString("hex")}`;
