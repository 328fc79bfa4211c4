import { Cron } from "croner";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { stringsWithin, templateVariables } from "../rules/template";
import { recipeVariables, TEMPLATE_VARIABLES } from "../rules/variables";
import { BridgeConfig, type JobTemplate } from "./schema";

/** One thing wrong with a config file, located as an editor would show it. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  /** Where in the document, e.g. `rules[0].action.create_job.query`. */
  field: string;
  message: string;
}

export type LoadResult = { ok: true; config: BridgeConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Parses and validates `bridge.config.yaml`. Pure: text in, config or located problems out, so the build,
 * the tests and the admin API's rule tester all share it.
 */
export function loadConfig(text: string, file = "bridge.config.yaml"): LoadResult {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => lines.linePos(offset);
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const { line, col } = at(error.pos[0]);
        return { file, line, column: col, field: "(yaml)", message: error.message.split("\n")[0] ?? error.message };
      }),
    };
  }
  const parsed = BridgeConfig.safeParse(document.toJS() ?? {});
  const problems: PathProblem[] = parsed.success ? semanticProblems(parsed.data) : issuesOf(parsed.error);
  if (problems.length === 0 && parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: problems.map((problem) => {
      const { line, col } = at(offsetOf(document, problem.path));
      return { file, line, column: col, field: fieldName(problem.path), message: problem.message };
    }),
  };
}

/** A problem before it is located in the file. */
interface PathProblem {
  path: (string | number)[];
  message: string;
}

function issuesOf(error: z.ZodError): PathProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)),
    message: issue.message,
  }));
}

/**
 * Checks zod cannot express alone: cron expressions that parse, templates that use only the variables
 * their rule or recipe has (docs/github.md, "Templates"), and a query for every job.
 */
function semanticProblems(config: BridgeConfig): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [index, rule] of config.rules.entries()) {
    const allowed = TEMPLATE_VARIABLES[rule.on];
    problems.push(...templateProblems(rule.action, ["rules", index, "action"], allowed, `on: ${rule.on}`));
    if (rule.concurrency) {
      problems.push(
        ...templateProblems(
          rule.concurrency.group,
          ["rules", index, "concurrency", "group"],
          allowed,
          `on: ${rule.on}`,
        ),
      );
    }
    if ("create_job" in rule.action)
      problems.push(...queryProblems(rule.action.create_job, ["rules", index, "action", "create_job"]));
    const cancelled = "cancel_jobs" in rule.action ? rule.action.cancel_jobs.rule : undefined;
    if (cancelled !== undefined && !config.rules.some((other) => other.name === cancelled)) {
      problems.push({
        path: ["rules", index, "action", "cancel_jobs", "rule"],
        message: `no rule named "${cancelled}"`,
      });
    }
    if (rule.schedule === undefined) continue;
    try {
      new Cron(rule.schedule);
    } catch (error) {
      problems.push({
        path: ["rules", index, "schedule"],
        message: `not a valid cron expression: ${(error as Error).message}`,
      });
    }
  }
  for (const [index, recipe] of config.slack.recipes.entries()) {
    const path = ["slack", "recipes", index, "job"];
    problems.push(...templateProblems(recipe.job, path, recipeVariables(recipe.params), "this recipe"));
    problems.push(...queryProblems(recipe.job, path));
  }
  return problems;
}

/** Every `{{ variable }}` inside `value` must be one of `allowed`: an unknown one is an error, never "". */
function templateProblems(
  value: unknown,
  path: (string | number)[],
  allowed: readonly string[],
  where: string,
): PathProblem[] {
  return stringsWithin(value, path).flatMap(([at, text]) =>
    templateVariables(text)
      .filter((name) => !allowed.includes(name))
      .map((name) => ({
        path: at,
        message: `unknown template variable ${name}; ${where} has ${allowed.join(", ") || "none"}`,
      })),
  );
}

/** A job needs its query inline or from a file, not both. */
function queryProblems(job: JobTemplate, path: (string | number)[]): PathProblem[] {
  if ((job.query === undefined) === (job.query_file === undefined))
    return [{ path, message: "give the job's query inline (query) or from the repository (query_file), one of them" }];
  return [];
}

/** The start of the deepest node that exists on `path` (a missing field points at its parent). */
function offsetOf(document: ReturnType<typeof parseDocument>, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** `["rules", 0, "action"]` -> `rules[0].action`. */
export function fieldName(path: (string | number)[]): string {
  return (
    path
      .map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`))
      .join("")
      .replace(/^\./, "") || "(root)"
  );
}

/** `file:line:column field: message`, the way compilers print errors. */
export function formatProblem(problem: ConfigProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.field}: ${problem.message}`;
}
