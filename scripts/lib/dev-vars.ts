import { existsSync, readFileSync } from "node:fs";

/** `NAME=value` lines of a dotenv-style file such as `.dev.vars` (comments and blank lines skipped). */
export function parseDevVars(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1).trim()]),
  );
}

/** The variables in `file`, or nothing when it does not exist. */
export function readDevVars(file: string): Record<string, string> {
  return existsSync(file) ? parseDevVars(readFileSync(file, "utf8")) : {};
}
