/**
 * Glob patterns as GitHub Actions' `on:` filters use them
 * (https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#filter-pattern-cheat-sheet):
 * `*` matches anything but `/`, `**` matches anything, `?` one character, `[...]` a character class.
 */
export function globToRegExp(pattern: string): RegExp {
  let compiled = compiledGlobs.get(pattern);
  if (!compiled) {
    if (compiledGlobs.size >= MAX_COMPILED_GLOBS) compiledGlobs.clear();
    compiled = compileGlob(pattern);
    compiledGlobs.set(pattern, compiled);
  }
  return compiled;
}

/** Patterns come from the config, a fixed set per isolate: each is compiled once, not per event and file. */
const compiledGlobs = new Map<string, RegExp>();
const MAX_COMPILED_GLOBS = 1024;

function compileGlob(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "*") {
      if (pattern[i + 1] === "*") {
        // `dir/**` also matches `dir` itself and `**/x` matches `x` at the root, as in Actions.
        const slashAfter = pattern[i + 2] === "/";
        source += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else source += "[^/]*";
    } else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end === -1) source += "\\[";
      else {
        source += `[${pattern.slice(i + 1, end).replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else source += char.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether `value` is selected by a pattern list. Patterns apply in order and a later one overrides an
 * earlier one, so `["feature/**", "!feature/wip-*"]` takes every feature branch but the WIP ones. A list of
 * only `!` patterns starts from "everything".
 */
export function matchesGlobs(value: string, patterns: readonly string[]): boolean {
  let selected = patterns.every((pattern) => pattern.startsWith("!"));
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(value)) selected = !negated;
  }
  return selected;
}
