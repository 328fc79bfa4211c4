import {
  DATASET_REF,
  type JobStatusFilter,
  JobStatusFilter as JobStatusFilterSchema,
  type PipelineStatus,
  PipelineStatus as PipelineStatusSchema,
} from "../studio/schemas";

/**
 * The grammar of the slash command. Arguments are data: nothing typed in Slack is evaluated, templated or
 * passed to a shell; `run` only names a recipe from the config and fills its declared parameters.
 */
export type SlackCommand =
  | { name: "help" }
  | { name: "jobs"; status?: JobStatusFilter; limit: number }
  | { name: "job"; id: string }
  | { name: "logs"; id: string; tail: number }
  | { name: "run"; recipe: string; params: Record<string, string> }
  | { name: "cancel"; id: string }
  | { name: "clusters" }
  | { name: "trigger"; dataset: string; review: boolean }
  | { name: "pipelines"; status?: PipelineStatus }
  | { name: "pipeline"; pipeline: string }
  | { name: "pause"; pipeline: string }
  | { name: "resume"; pipeline: string }
  | { name: "remove-job"; pipeline: string; job_id: string }
  | { name: "watch"; target: string }
  | { name: "unwatch"; target: string };

export type CommandName = SlackCommand["name"];

export type ParsedCommand = { ok: true; command: SlackCommand } | { ok: false; message: string; usage?: string };

/** One line per command, in the order `help` shows them. */
export const USAGE: Record<CommandName, string> = {
  help: "help",
  jobs: "jobs [--status S] [--limit N]",
  job: "job <job-id>",
  logs: "logs <job-id> [--tail N]",
  run: "run <recipe> [KEY=VALUE ...]",
  cancel: "cancel <job-id>",
  clusters: "clusters",
  trigger: "trigger <@namespace.project.dataset[@version]> [--review]",
  pipelines: "pipelines [--status S]",
  pipeline: "pipeline <name-or-id>",
  pause: "pause <pipeline>",
  resume: "resume <pipeline>",
  "remove-job": "remove-job <pipeline> <job-id>",
  watch: "watch <job-id-or-pipeline>",
  unwatch: "unwatch <job-id-or-pipeline>",
};

/** Commands that change Studio: they need the `slack.mutating` permission and go through the action queue. */
export const MUTATING: ReadonlySet<CommandName> = new Set([
  "run",
  "cancel",
  "trigger",
  "pause",
  "resume",
  "remove-job",
]);

const COMMAND_NAMES = Object.keys(USAGE) as CommandName[];
/** More jobs than this is not a Slack message any more but a page for Studio's own UI. */
export const MAX_JOBS = 40;
/** Log lines shown by default, and at most; the rest is one click away in Studio. */
export const DEFAULT_TAIL = 30;
export const MAX_TAIL = 200;

/** Parses the text after the command name into a typed command, or a usage error to show the user. */
export function parseCommand(text: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return { ok: true, command: { name: "help" } };
  const name = first.toLowerCase();
  if (!isCommandName(name)) {
    const guess = closest(name, COMMAND_NAMES);
    return guess
      ? { ok: false, message: `Unknown command \`${first}\`. Did you mean \`${guess}\`?`, usage: USAGE[guess] }
      : { ok: false, message: `Unknown command \`${first}\`. Try \`help\`.` };
  }
  const fail = (message: string): ParsedCommand => ({ ok: false, message, usage: USAGE[name] });
  const args = splitFlags(rest, name);
  if (typeof args === "string") return fail(args);
  const { positional, flags } = args;
  const arity = ARITY[name];
  if (name !== "run" && positional.length !== arity)
    return fail(
      arity === 0
        ? `\`${name}\` takes no arguments.`
        : `\`${name}\` needs ${arity === 1 ? "one argument" : `${arity} arguments`}.`,
    );

  const [a = "", b = ""] = positional;
  switch (name) {
    case "help":
    case "clusters":
      return { ok: true, command: { name } };
    case "jobs": {
      const status = flags.status?.toUpperCase();
      if (status !== undefined && !JobStatusFilterSchema.safeParse(status).success)
        return fail(`\`${flags.status}\` is not a job status (${JobStatusFilterSchema.options.join(", ")}).`);
      const limit = flags.limit === undefined ? 10 : positiveInt(flags.limit, MAX_JOBS);
      if (limit === undefined) return fail(`--limit takes a number from 1 to ${MAX_JOBS}.`);
      return { ok: true, command: { name, limit, ...(status ? { status: status as JobStatusFilter } : {}) } };
    }
    case "logs": {
      const tail = flags.tail === undefined ? DEFAULT_TAIL : positiveInt(flags.tail, MAX_TAIL);
      if (tail === undefined) return fail(`--tail takes a number from 1 to ${MAX_TAIL}.`);
      return { ok: true, command: { name, id: a, tail } };
    }
    case "job":
    case "cancel":
      return { ok: true, command: { name, id: a } };
    case "run": {
      if (positional.length === 0) return fail("`run` needs the name of a recipe.");
      const [recipe = "", ...pairs] = positional;
      const params: Record<string, string> = {};
      for (const pair of pairs) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
        if (!match) return fail(`\`${pair}\` is not a KEY=VALUE parameter.`);
        params[(match[1] as string).toUpperCase()] = match[2] as string;
      }
      return { ok: true, command: { name, recipe, params } };
    }
    case "trigger": {
      const dataset = a.startsWith("@") ? a : `@${a}`;
      if (!DATASET_REF.test(dataset))
        return fail(`\`${a}\` is not a dataset like \`@namespace.project.dataset@1.0.0\`.`);
      return { ok: true, command: { name, dataset, review: flags.review === "" } };
    }
    case "pipelines": {
      const status = flags.status?.toUpperCase();
      if (status !== undefined && !PipelineStatusSchema.safeParse(status).success)
        return fail(`\`${flags.status}\` is not a pipeline status (${PipelineStatusSchema.options.join(", ")}).`);
      return { ok: true, command: { name, ...(status ? { status: status as PipelineStatus } : {}) } };
    }
    case "pipeline":
    case "pause":
    case "resume":
      return { ok: true, command: { name, pipeline: a } };
    case "remove-job":
      return { ok: true, command: { name, pipeline: a, job_id: b } };
    case "watch":
    case "unwatch":
      return { ok: true, command: { name, target: a } };
  }
}

/** Positional arguments each command takes (`run` takes a recipe and any number of parameters). */
const ARITY: Record<CommandName, number> = {
  help: 0,
  jobs: 0,
  job: 1,
  logs: 1,
  run: 1,
  cancel: 1,
  clusters: 0,
  trigger: 1,
  pipelines: 0,
  pipeline: 1,
  pause: 1,
  resume: 1,
  "remove-job": 2,
  watch: 1,
  unwatch: 1,
};

/** Options each command takes; `review` is a switch, the others take a value. */
const FLAGS: Partial<Record<CommandName, string[]>> = {
  jobs: ["status", "limit"],
  logs: ["tail"],
  trigger: ["review"],
  pipelines: ["status"],
};
const SWITCHES = new Set(["review"]);

/** Positional words and `--flag value` / `--flag=value` / `--switch`; a message for a flag the command lacks. */
function splitFlags(
  words: string[],
  name: CommandName,
): { positional: string[]; flags: Record<string, string> } | string {
  const allowed = FLAGS[name] ?? [];
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (!match) {
      positional.push(word);
      continue;
    }
    const flag = match[1] as string;
    if (!allowed.includes(flag)) return `\`${name}\` has no option \`--${flag}\`.`;
    if (SWITCHES.has(flag)) flags[flag] = "";
    else if (match[2] !== undefined) flags[flag] = match[2];
    else {
      const value = words[i + 1];
      if (value === undefined || value.startsWith("--")) return `\`--${flag}\` needs a value.`;
      flags[flag] = value;
      i++;
    }
  }
  return { positional, flags };
}

function positiveInt(text: string, max: number): number | undefined {
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= max ? value : undefined;
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(USAGE, name);
}

/** The known word nearest to a typo, if it is near enough to be a typo (edit distance at most 2, or a prefix). */
export function closest<T extends string>(word: string, candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = candidate.startsWith(word) && word.length >= 2 ? 0.5 : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.min(2, Math.max(1, Math.floor(word.length / 2))) ? best : undefined;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
