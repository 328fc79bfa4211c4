import type { z } from "zod";
import type { CreateJob } from "../actions/action";
import type { Recipe } from "../config/schema";
import { createJobOperation } from "../rules/plan";

/**
 * A parameter without a `pattern` still only takes a plain token: recipes put values into environment
 * variables and queries, and a value from chat must never be able to break out of where it is placed.
 */
export const DEFAULT_PARAM_PATTERN = "[A-Za-z0-9._:/-]{1,100}";

export type RecipeJob = { ok: true; operation: z.input<typeof CreateJob> } | { ok: false; message: string };

/**
 * Turns `run <recipe> KEY=VALUE ...` into a create_job operation: only declared parameters, each value
 * matching its pattern in full, defaults for the rest, then the recipe's job template rendered with
 * `{{ params.NAME }}` as the only variables (the build refuses any other variable in a recipe).
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
    const params = Object.fromEntries(Object.entries(values).map(([name, value]) => [`params.${name}`, value]));
    return { ok: true, operation: createJobOperation(recipe.job, params) as z.input<typeof CreateJob> };
  } catch (error) {
    return { ok: false, message: `Recipe \`${recipe.name}\` is broken: ${(error as Error).message}` };
  }
}
