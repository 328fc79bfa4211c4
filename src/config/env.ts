import { z } from "zod";
import { BridgeError } from "../errors";
import type { QueueMessage } from "../queue/message";

/**
 * The Worker's variables and secrets. Studio settings use the names the `datachain` CLI already uses.
 * Secrets are set with `wrangler secret put NAME`, locally in `.dev.vars`.
 */
export const BridgeVars = z.object({
  DATACHAIN_STUDIO_URL: z.url().default("https://studio.datachain.ai"),
  DATACHAIN_STUDIO_TOKEN: z.string().min(1),
  DATACHAIN_STUDIO_TEAM: z.string().min(1),
  /** Where the GitHub and Slack APIs are; local runs point them at the emulator's sinks. */
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  SLACK_API_URL: z.url().default("https://slack.com/api"),
  /**
   * Seconds an accepted action may stay unfinished before the cron queues it again (src/queue/outbox.ts).
   * The default outlasts the queue's whole retry schedule (10+20+40+80+160 s), so an action that is only
   * waiting for its next attempt never runs twice at once.
   */
  OUTBOX_REDRIVE_AFTER_SECONDS: z.coerce.number().int().min(1).default(600),
  GITHUB_WEBHOOK_SECRET: z.string().min(1).optional(),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_APP_ID: z.string().min(1).optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  STUDIO_WEBHOOK_SECRET: z.string().min(1).optional(),
  BRIDGE_ADMIN_TOKEN: z.string().min(1).optional(),
});
export type BridgeVars = z.infer<typeof BridgeVars>;

/** Names of the settings that are secrets: their values never reach a log line or a response. */
export const SECRET_NAMES = [
  "DATACHAIN_STUDIO_TOKEN",
  "GITHUB_WEBHOOK_SECRET",
  "GITHUB_TOKEN",
  "GITHUB_APP_PRIVATE_KEY",
  "SLACK_SIGNING_SECRET",
  "SLACK_BOT_TOKEN",
  "STUDIO_WEBHOOK_SECRET",
  "BRIDGE_ADMIN_TOKEN",
] as const;

/** What the runtime hands the Worker: vars and secrets as strings, plus its bindings. */
export type Env = { [K in keyof z.input<typeof BridgeVars>]?: string } & {
  /** Tracked runs, delivery records, dead letters. */
  BRIDGE_KV?: KVNamespace;
  /** The action queue: accepted work goes here before the 2xx. */
  ACTIONS?: Queue<QueueMessage>;
  /** Other secrets a config names (outgoing webhook keys, Slack webhook URLs). */
  [secret: string]: unknown;
};

/** Where each setting comes from, for the message that tells an operator what to fix. */
function howToSet(name: string): string {
  const secret = (SECRET_NAMES as readonly string[]).includes(name);
  return secret
    ? `\`wrangler secret put ${name}\`, or .dev.vars locally`
    : "[vars] in wrangler.toml, or .dev.vars locally";
}

/**
 * Validates the environment. A missing or malformed setting fails with a message naming the variable and
 * where to set it, never with its value.
 */
export function readVars(env: Env): BridgeVars {
  const parsed = BridgeVars.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const what = env[name] === undefined || env[name] === "" ? "is not set" : "is not valid";
    return `${name} ${what}; set it with ${howToSet(name)}`;
  });
  throw new BridgeError(500, "bridge_misconfigured", `studio-bridge is not configured: ${problems.join("; ")}`);
}

/** A setting a feature needs: its absence is a clear 500 naming it, not a crash. */
export function required<K extends keyof BridgeVars>(vars: BridgeVars, name: K): NonNullable<BridgeVars[K]> {
  const value = vars[name];
  if (value === undefined || value === null) {
    throw new BridgeError(500, "bridge_misconfigured", `${name} is not set; set it with ${howToSet(name)}`);
  }
  return value as NonNullable<BridgeVars[K]>;
}
