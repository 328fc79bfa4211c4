import type { z } from "zod";
import type { CreateJob } from "../actions/action";
import type { JobTemplate, Recipe } from "../config/schema";

/**
 * A parameter without a `pattern` still only takes a plain token: recipes put values into environment
 * variables and queries, and a value from chat must never be able to break out of where it is placed.
 */
export const DEFAULT_PARAM_PATTERN = "[A-Za-z0-9._:/-]{1,100}";

export type RecipeJob = { ok: true; operation: z.input<typeof CreateJob> } | { ok: false; message: string };

/**
 * Turns `run <recipe> KEY=VALUE ...` into a create_job operation: only declared parameters, each value
 * matching its pattern in full, defaults for the rest, then `{{ params.NAME }}` replaced in every string of
 * the recipe's job template. Nothing else is templated: any other `{{ ... }}` is an error in the recipe.
 */
export function renderRecipe(recipe: Recipe, given: Record<string, string>): RecipeJob {
  const declared = new Map(recipe.params.map((param) => [param.name, param]));
  const unknown = Object.keys(given).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    const known = recipe.params.map((param) => `\`${param.name}\``).join(", ") || "none";
    return {
      ok: false,
      message: `Recipe \`${recipe.name}\` has no parameter ${unknown.map((n) => `\`${n}\``).join(", ")} (it takes: ${known}).`,
    };
  }
  const values: Record<string, string> = {};
  for (const param of recipe.params) {
    const value = given[param.name] ?? param.default;
    if (value === undefined) return { ok: false, message: `Recipe \`${recipe.name}\` needs \`${param.name}=...\`.` };
    const pattern = param.pattern ?? DEFAULT_PARAM_PATTERN;
    if (!new RegExp(`^(?:${pattern})$`).test(value))
      return {
        ok: false,
        message: `\`${param.name}\` must match \`${pattern}\`; \`${value.slice(0, 100)}\` does not.`,
      };
    values[param.name] = value;
  }
  try {
    const job = renderTemplate(recipe.job, values);
    const { query_file, files, environment, ...fields } = job;
    const env = environment
      ? Object.entries(environment)
          .map(([key, value]) => `${key}=${value}`)
          .join("\n")
      : undefined;
    return {
      ok: true,
      operation: {
        type: "create_job",
        job: { ...fields, ...(env ? { environment: env } : {}) },
        ...(query_file ? { query_file } : {}),
        files: files ?? [],
      },
    };
  } catch (error) {
    return { ok: false, message: `Recipe \`${recipe.name}\` is broken: ${(error as Error).message}` };
  }
}

/** Replaces `{{ params.NAME }}` in every string of a job template (keys of `environment` included). */
export function renderTemplate(template: JobTemplate, values: Record<string, string>): JobTemplate {
  const render = (text: string) =>
    text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      const match = /^params\.([A-Z][A-Z0-9_]*)$/.exec(expression);
      const value = match ? values[match[1] as string] : undefined;
      if (value === undefined) throw new Error(`\`{{ ${expression} }}\` is not a declared parameter`);
      return value;
    });
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return render(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [render(key), walk(inner)]));
    return value;
  };
  return walk(template) as JobTemplate;
}
