import { BridgeError } from "../errors";

/** `{{ name }}` with optional spaces; names are dotted words (`github.sha`, `params.EPOCHS`). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

/** Values for the variables of one render, by full name (`github.sha`). */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

/** The variable names a template string uses, in order of appearance. */
export function templateVariables(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (match) => match[1] as string);
}

/**
 * Fills `{{ ... }}` placeholders in one pass: an inserted value is never scanned again, so a commit message
 * or branch name holding `{{ ... }}` stays literal. A variable without a value is an error, never an empty
 * string (the config check rules that out for the event a rule listens to; this guards the rest).
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new BridgeError(422, "template_variable_missing", `template variable ${name} has no value here`);
    }
    return value;
  });
}

/** Renders every string inside a value (objects, arrays), leaving other values as they are. */
export function renderDeep<T>(value: T, values: TemplateValues): T {
  if (typeof value === "string") return renderTemplate(value, values) as T;
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, values)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderDeep(item, values)])) as T;
  }
  return value;
}

/** Every string inside a value with the path to it, for the config check. */
export function stringsWithin(value: unknown, path: (string | number)[] = []): [(string | number)[], string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsWithin(item, [...path, index]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => stringsWithin(item, [...path, key]));
  }
  return [];
}
