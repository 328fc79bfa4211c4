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
    query: z.string().min(1).optional().describe("The script to run, inline (exactly one of query and query_file)"),
    query_file: z
      .string()
      .min(1)
      .optional()
      .describe("A file in the repository, read at the event's commit through the GitHub contents API"),
    query_type: z.enum(["PYTHON", "SHELL"]).optional().describe("Default PYTHON"),
    query_name: z.string().min(1).optional().describe("The job's name in Studio"),
    environment: z
      .record(z.string(), z.string())
      .optional()
      .describe("Environment variables, KEY: value; sent to Studio as K=V lines"),
    workers: z.number().int().min(1).optional().describe("Workers for the job (at most the cluster's max_workers)"),
    files: z
      .array(z.string().min(1))
      .optional()
      .describe("Repository files uploaded through Studio's files endpoint and attached to the job"),
    python_version: z.string().optional().describe("e.g. 3.12"),
    requirements: z.string().optional().describe("pip requirements, one per line"),
    repository: z.string().optional().describe("A repository URL Studio clones for the job"),
    priority: z.number().int().min(0).max(5).optional().describe("0 (lowest) to 5"),
    compute_cluster_name: z.string().min(1).optional().describe("Cluster by name (not with compute_cluster_id)"),
    compute_cluster_id: z.number().int().optional().describe("Cluster by id (not with compute_cluster_name)"),
    start_after: z.string().optional().describe("ISO date-time: Studio holds the job until then"),
    cron_expression: z.string().optional().describe("Studio's own schedule for the job"),
    credentials_name: z.string().optional().describe("Studio credentials the job uses"),
  })
  .strict();
export type JobTemplate = z.infer<typeof JobTemplate>;

export const RuleAction = z.union([
  z.object({ create_job: JobTemplate.describe("Create a Studio job") }).strict(),
  z
    .object({
      trigger_pipeline: z
        .object({
          dataset: z.string().min(1).describe("@namespace.project.name[@version]; templates allowed"),
          review: z.boolean().default(false).describe("Start the pipeline PAUSED for review"),
        })
        .strict()
        .describe("Rebuild a dataset and what it depends on"),
    })
    .strict(),
  z
    .object({
      cancel_jobs: z
        .object({
          concurrency_group: z.string().min(1).optional().describe("Cancel the active job of this concurrency group"),
          rule: z.string().min(1).optional().describe("Cancel the active jobs this rule started"),
        })
        .strict()
        .describe("Cancel jobs the bridge started"),
    })
    .strict(),
]);
export type RuleAction = z.infer<typeof RuleAction>;

export const Rule = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, - and _")
      .describe("Unique; appears in commit statuses, logs and action ids"),
    description: z.string().optional(),
    on: RuleEvent,
    schedule: z.string().optional().describe("A cron expression (UTC), with on: schedule only"),
    if: RuleFilters.default(RuleFilters.parse({})).describe("Filters; all must pass"),
    action: RuleAction.describe("Exactly one of create_job, trigger_pipeline, cancel_jobs"),
    concurrency: z
      .object({
        group: z.string().min(1).describe("Runs in one group (templates allowed) replace each other"),
        cancel_in_progress: z.boolean().default(false).describe("Cancel the group's active job when a new one starts"),
      })
      .strict()
      .optional(),
    notify: z.array(z.string()).optional().describe("Notifier names; the global notify list when absent"),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

const notifierName = z.string().describe("Referred to by notify lists");
const events = z.array(z.string()).default(["*"]).describe("State-change events to send, as globs: *, job.*, *.failed");

export const Notifier = z.discriminatedUnion("type", [
  z.object({ name: notifierName, type: z.literal("log"), events }).strict(),
  z
    .object({
      name: notifierName,
      type: z.literal("slack"),
      channel: z.string().optional().describe("Channel for runs not started or watched from Slack"),
      webhook_url_secret: z
        .string()
        .optional()
        .describe("Name of a secret holding an incoming-webhook URL, used instead of the bot token"),
      events,
    })
    .strict(),
  z.object({ name: notifierName, type: z.literal("github"), events }).strict(),
  z
    .object({
      name: notifierName,
      type: z.literal("webhook"),
      url: z.url().describe("Where Standard Webhooks deliveries are posted"),
      secret: z.string().describe("Name of the secret holding the signing key (whsec_...)"),
      events,
    })
    .strict(),
]);
export type Notifier = z.infer<typeof Notifier>;

export const RecipeParam = z
  .object({
    name: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, "use UPPER_CASE names")
      .describe("Used as {{ params.NAME }}"),
    description: z.string().optional(),
    default: z.string().optional().describe("Value when the command gives none; without it the parameter is required"),
    pattern: z
      .string()
      .optional()
      .describe("A regular expression the value must match in full; a plain token when absent"),
  })
  .strict();

export const Recipe = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, - and _")
      .describe("What `/datachain run <name>` starts"),
    description: z.string().optional().describe("Shown by /datachain help"),
    params: z.array(RecipeParam).default([]).describe("The only values a Slack user may set"),
    job: JobTemplate.describe("The job to create; {{ params.NAME }} are the only variables"),
    notify: z.array(z.string()).optional().describe("Notifier names; the global notify list when absent"),
  })
  .strict();
export type Recipe = z.infer<typeof Recipe>;

const Allow = z
  .object({
    users: z.array(z.string()).default([]).describe("Slack user ids (U...)"),
    groups: z.array(z.string()).default([]).describe("Slack user group ids (S...)"),
    channels: z.array(z.string()).default([]).describe("Slack channel ids (C...): anyone there"),
  })
  .strict();

export const SlackSettings = z
  .object({
    command: z
      .string()
      .regex(/^\/[a-z0-9_-]+$/)
      .default("/datachain")
      .describe("The slash command's name, as created in the Slack app"),
    workspaces: z
      .record(z.string(), z.string())
      .default({})
      .describe("Slack workspace (team) id -> Studio team; DATACHAIN_STUDIO_TEAM otherwise"),
    mutating: Allow.default(Allow.parse({})).describe(
      "Who may run, cancel, trigger, pause, resume and remove-job; nobody when empty",
    ),
    read_only: Allow.optional().describe("Who may use query commands; everyone in the workspace when absent"),
    recipes: z.array(Recipe).default([]).describe("Jobs /datachain run may start; never arbitrary code from chat"),
    inline_answer_ms: z
      .number()
      .int()
      .min(0)
      .max(2500)
      .default(1500)
      .describe(
        "How long a query command waits for Studio inside the acknowledgement (Slack allows 3 s); past it the answer goes to response_url. 0: acknowledge at once, always",
      ),
  })
  .strict();
export type SlackSettings = z.infer<typeof SlackSettings>;

export const GithubSettings = z
  .object({
    skip_markers: z
      .array(z.string())
      .default(["[skip studio]", "[skip ci]"])
      .describe("A head commit message containing one of these triggers nothing"),
    chatops: z
      .object({
        command: z.string().default("/datachain").describe("A PR comment starting with this runs a rule"),
        permissions: z
          .array(z.enum(["admin", "maintain", "write", "triage", "read"]))
          .default(["admin", "maintain", "write"])
          .describe("Repository permissions allowed to run rules from a PR comment"),
        users: z.array(z.string()).default([]).describe("GitHub logins always allowed"),
      })
      .strict()
      .default({ command: "/datachain", permissions: ["admin", "maintain", "write"], users: [] }),
  })
  .strict();

/** Durations such as `30s`, `15m`, `6h`, `7d`. */
export const Duration = z.string().regex(/^\d+(s|m|h|d)$/, "a duration like 30s, 15m, 6h or 7d");

export const TrackingSettings = z
  .object({
    stuck_after: z
      .object({ queued: Duration.default("30m"), running: Duration.default("6h") })
      .strict()
      .default({ queued: "30m", running: "6h" })
      .describe("A run QUEUED or RUNNING longer than this produces one *.stuck notification"),
    keep_finished: Duration.default("7d").describe("How long a finished run stays visible in GET /api/runs"),
    all_jobs: z
      .boolean()
      .default(false)
      .describe("Also track every job of the team, not only those the bridge started"),
  })
  .strict();

export const BridgeConfig = z
  .object({
    version: z.literal(1).describe("The format of this file"),
    rules: z.array(Rule).default([]).describe("GitHub events and schedules to Studio actions"),
    github: GithubSettings.default(GithubSettings.parse({})),
    slack: SlackSettings.default(SlackSettings.parse({})),
    notifiers: z
      .array(Notifier)
      .default([{ name: "log", type: "log", events: ["*"] }])
      .describe("Where state changes are sent: log, slack, github, webhook"),
    notify: z.array(z.string()).default(["log"]).describe("Notifiers used where a rule, recipe or watch names none"),
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
