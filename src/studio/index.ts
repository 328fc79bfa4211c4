import type { Clock } from "../clock";
import type { BridgeVars } from "../config/env";
import { StudioClient } from "./client";

export { StudioClient } from "./client";
export { StudioError } from "./error";

/** The client for the configured Studio and team. */
export function studioClientFor(vars: BridgeVars, deps: { fetch?: typeof fetch; clock?: Clock } = {}): StudioClient {
  return new StudioClient({
    baseUrl: vars.DATACHAIN_STUDIO_URL,
    token: vars.DATACHAIN_STUDIO_TOKEN,
    team: vars.DATACHAIN_STUDIO_TEAM,
    fetch: deps.fetch,
    clock: deps.clock,
  });
}
