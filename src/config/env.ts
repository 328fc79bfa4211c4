import { z } from "zod";
import { BridgeError } from "../errors";

/**
 * The Worker's variables and secrets. Studio settings use the names the `datachain` CLI already uses.
 * Secrets are set with `wrangler secret put NAME`, locally in `.dev.vars`.
 */
export const BridgeVars = z.object({
  DATACHAIN_STUDIO_URL: z.url().default("https://studio.datachain.ai"),
  DATACHAIN_STUDIO_TOKEN: z.string().min(1),
  DATACHAIN_STUDIO_TEAM: z.string().min(1),
});
export type BridgeVars = z.infer<typeof BridgeVars>;

/** What the runtime hands the Worker: vars and secrets as strings, plus bindings added as features need them. */
export type Env = { [K in keyof z.input<typeof BridgeVars>]?: string };

/** Where each setting comes from, for the message that tells an operator what to fix. */
const HOW_TO_SET: Record<keyof BridgeVars, string> = {
  DATACHAIN_STUDIO_URL: "[vars] in wrangler.toml, or .dev.vars locally",
  DATACHAIN_STUDIO_TOKEN: "`wrangler secret put DATACHAIN_STUDIO_TOKEN`, or .dev.vars locally",
  DATACHAIN_STUDIO_TEAM: "[vars] in wrangler.toml, or .dev.vars locally",
};

/**
 * Validates the environment once per isolate. A missing or malformed setting fails with a message naming
 * the variable and where to set it, never with its value.
 */
export function readVars(env: Env): BridgeVars {
  const parsed = BridgeVars.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]) as keyof BridgeVars;
    const what = env[name] === undefined || env[name] === "" ? "is not set" : "is not valid";
    return `${name} ${what}; set it with ${HOW_TO_SET[name] ?? "wrangler.toml"}`;
  });
  throw new BridgeError(500, "bridge_misconfigured", `studio-bridge is not configured: ${problems.join("; ")}`);
}
