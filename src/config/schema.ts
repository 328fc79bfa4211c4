import { z } from "zod";
import { RuleEvent, RuleFilters } from "./rules";

/**
 * The schema of `bridge.config.yaml`: rules for GitHub events and schedules, Slack recipes and permissions,
 * notifiers, and tracking. It is validated at build time (`npm run build:config`), which also writes the
 * JSON Schema editors use for completion.
 */

/** Fields of a Studio JobInput that a rule or recipe may set; strings may hold `{{ ... }}` templates. */
export const JobTemplate = z
  .object({
    query: z.string().min(1).optional(),
    /** A file in the repository, read at the event's commit through the GitHub contents API. */
    query_file: z.string().min(1).optional(),
    query_type: z.enum(["PYTHON", "SHELL"]).optional(),
    query_name: z.string().min(1).optional(),
    /** `KEY: value` pairs; sent to Studio as `K=V` lines. */
    environment: z.record(z.string(), z.string()).optional(),
    workers: z.number().int().min(1).optional(),
    /** Repository files uploaded through Studio's files endpoint; their ids go into `files`. */
    files: z.array(z.string().min(1)).optional(),
    python_version: z.string().optional(),
    requirements: z.string().optional(),
    repository: z.string().optional(),
    priority: z.number().int().min(0).max(5).optional(),
    compute_cluster_name: z.string().min(1).optional(),
    compute_cluster_id: z.number().int().optional(),
    start_after: z.string().optional(),
    cron_expression: z.string().optional(),
    credentials_name: z.string().optional(),
  })
  .strict();
export type JobTemplate = z.infer<typeof JobTemplate>;

export const RuleAction = z.union([
  z.object({ create_job: JobTemplate }).strict(),
  z
    .object({
      trigger_pipeline: z.object({ dataset: z.string().min(1), review: z.boolean().default(false) }).strict(),
    })
    .strict(),
  z
    .object({
      cancel_jobs: z
        .object({ concurrency_group: z.string().min(1).optional(), rule: z.string().min(1).optional() })
        .strict(),
    })
    .strict(),
]);
export type RuleAction = z.infer<typeof RuleAction>;

export const Rule = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, - and _"),
    description: z.string().optional(),
    on: RuleEvent,
    /** A cron expression, for `on: schedule`. */
    schedule: z.string().optional(),
    if: RuleFilters.default(RuleFilters.parse({})),
    action: RuleAction,
    concurrency: z
      .object({ group: z.string().min(1), cancel_in_progress: z.boolean().default(false) })
      .strict()
      .optional(),
    /** Notifier names; the global `notify` list applies when this is absent. */
    notify: z.array(z.string()).optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

export const Notifier = z.discriminatedUnion("type", [
  z.object({ name: z.string(), type: z.literal("log"), events: z.array(z.string()).default(["*"]) }).strict(),
  z
    .object({
      name: z.string(),
      type: z.literal("slack"),
      /** Default channel when the run was not started from Slack. */
      channel: z.string().optional(),
      /** Name of a secret holding an incoming-webhook URL, instead of the bot token. */
      webhook_url_secret: z.string().optional(),
      events: z.array(z.string()).default(["*"]),
    })
    .strict(),
  z.object({ name: z.string(), type: z.literal("github"), events: z.array(z.string()).default(["*"]) }).strict(),
  z
    .object({
      name: z.string(),
      type: z.literal("webhook"),
      url: z.url(),
      /** Name of the secret holding the Standard Webhooks signing key (`whsec_...`). */
      secret: z.string(),
      events: z.array(z.string()).default(["*"]),
    })
    .strict(),
]);
export type Notifier = z.infer<typeof Notifier>;

export const RecipeParam = z
  .object({
    name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "use UPPER_CASE names"),
    description: z.string().optional(),
    default: z.string().optional(),
    /** A regular expression the value must match in full. */
    pattern: z.string().optional(),
  })
  .strict();

export const Recipe = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, - and _"),
    description: z.string().optional(),
    params: z.array(RecipeParam).default([]),
    job: JobTemplate,
    notify: z.array(z.string()).optional(),
  })
  .strict();
export type Recipe = z.infer<typeof Recipe>;

const Allow = z
  .object({
    users: z.array(z.string()).default([]),
    groups: z.array(z.string()).default([]),
    channels: z.array(z.string()).default([]),
  })
  .strict();

export const SlackSettings = z
  .object({
    command: z
      .string()
      .regex(/^\/[a-z0-9_-]+$/)
      .default("/datachain"),
    /** Slack workspace (team) id -> Studio team, when several are configured. */
    workspaces: z.record(z.string(), z.string()).default({}),
    /** Who may run, cancel, trigger, pause, resume and remove-job. Nobody when empty. */
    mutating: Allow.default(Allow.parse({})),
    /** Who may read; everyone in the workspace when absent. */
    read_only: Allow.optional(),
    recipes: z.array(Recipe).default([]),
  })
  .strict();
export type SlackSettings = z.infer<typeof SlackSettings>;

export const GithubSettings = z
  .object({
    /** Commits whose message contains one of these trigger nothing. */
    skip_markers: z.array(z.string()).default(["[skip studio]", "[skip ci]"]),
    chatops: z
      .object({
        command: z.string().default("/datachain"),
        /** Repository permissions allowed to run rules from a PR comment. */
        permissions: z
          .array(z.enum(["admin", "maintain", "write", "triage", "read"]))
          .default(["admin", "maintain", "write"]),
        /** Extra GitHub logins always allowed. */
        users: z.array(z.string()).default([]),
      })
      .strict()
      .default({ command: "/datachain", permissions: ["admin", "maintain", "write"], users: [] }),
  })
  .strict();

/** Durations such as `30s`, `15m`, `6h`, `7d`. */
export const Duration = z.string().regex(/^\d+(s|m|h|d)$/, "a duration like 30s, 15m, 6h or 7d");

export const TrackingSettings = z
  .object({
    /** A run QUEUED or RUNNING longer than this produces one `*.stuck` notification. */
    stuck_after: z
      .object({ queued: Duration.default("30m"), running: Duration.default("6h") })
      .strict()
      .default({ queued: "30m", running: "6h" }),
    /** How long a finished run stays visible in `GET /api/runs`. */
    keep_finished: Duration.default("7d"),
    /** Also track every job of the team, not only those the bridge started. */
    all_jobs: z.boolean().default(false),
  })
  .strict();

export const BridgeConfig = z
  .object({
    version: z.literal(1),
    rules: z.array(Rule).default([]),
    github: GithubSettings.default(GithubSettings.parse({})),
    slack: SlackSettings.default(SlackSettings.parse({})),
    notifiers: z.array(Notifier).default([{ name: "log", type: "log", events: ["*"] }]),
    /** Notifiers used where a rule, recipe or watch names none. */
    notify: z.array(z.string()).default(["log"]),
    tracking: TrackingSettings.default(TrackingSettings.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    const notifierNames = new Set(config.notifiers.map((notifier) => notifier.name));
    const checkNotify = (names: string[] | undefined, path: (string | number)[]) => {
      for (const [index, name] of (names ?? []).entries()) {
        if (!notifierNames.has(name))
          ctx.addIssue({ code: "custom", path: [...path, index], message: `no notifier named "${name}"` });
      }
    };
    checkNotify(config.notify, ["notify"]);
    const seen = new Set<string>();
    for (const [index, rule] of config.rules.entries()) {
      if (seen.has(rule.name))
        ctx.addIssue({ code: "custom", path: ["rules", index, "name"], message: `duplicate rule name "${rule.name}"` });
      seen.add(rule.name);
      checkNotify(rule.notify, ["rules", index, "notify"]);
      if ((rule.on === "schedule") !== (rule.schedule !== undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", index, "schedule"],
          message: "a schedule is required with on: schedule, and only there",
        });
      }
    }
    for (const [index, recipe] of config.slack.recipes.entries())
      checkNotify(recipe.notify, ["slack", "recipes", index, "notify"]);
  });
export type BridgeConfig = z.infer<typeof BridgeConfig>;
