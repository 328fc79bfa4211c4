/**
 * `npm run build:config`: validates bridge.config.yaml (or the file in BRIDGE_CONFIG) and writes what the
 * Worker imports, plus the JSON Schema for editors. Fails with file:line:column for each problem.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { z } from "zod";
import { formatProblem, loadConfig } from "../src/config/load";
import { BridgeConfig } from "../src/config/schema";
import { configReference } from "./config-reference";

const root = resolve(import.meta.dirname, "..");
const source = resolve(root, process.env.BRIDGE_CONFIG ?? "bridge.config.yaml");
const output = resolve(root, "src/config/generated/bridge.config.json");
const schemaFile = resolve(root, "bridge.config.schema.json");

const jsonSchema = bridgeConfigJsonSchema();
writeIfChanged(schemaFile, `${JSON.stringify(jsonSchema, null, 2)}\n`);
writeIfChanged(resolve(root, "docs/config-reference.md"), configReference(jsonSchema as never));

const result = loadConfig(readFileSync(source, "utf8"), relative(root, source));
if (!result.ok) {
  for (const problem of result.problems) console.error(formatProblem(problem));
  console.error(`\n${result.problems.length} problem(s) in ${relative(root, source)}; nothing was built.`);
  process.exit(1);
}
mkdirSync(dirname(output), { recursive: true });
writeIfChanged(output, `${JSON.stringify(result.config, null, 2)}\n`);
console.log(
  `${relative(root, source)}: ${result.config.rules.length} rule(s), ${result.config.slack.recipes.length} recipe(s), ${result.config.notifiers.length} notifier(s)`,
);

/** The JSON Schema of the config as a user writes it (inputs: defaults make fields optional). */
export function bridgeConfigJsonSchema() {
  return z.toJSONSchema(BridgeConfig, { io: "input", unrepresentable: "any" });
}

/**
 * Writes only what changed: `wrangler dev` runs this script as its build and watches `src/`, so rewriting an
 * unchanged file would start another build, endlessly, and hold every request while it reloads.
 */
function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  writeFileSync(file, text);
}
