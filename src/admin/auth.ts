import type { MiddlewareHandler } from "hono";
import { readVars } from "../config/env";
import { secretList, timingSafeEqual } from "../crypto";
import { BridgeError } from "../errors";

/**
 * `Authorization: Bearer $BRIDGE_ADMIN_TOKEN` on every `/api/*` route. Fails closed: with no token
 * configured, the admin API answers 503 rather than opening up.
 */
export function adminAuth(): MiddlewareHandler {
  return async function requireAdminToken(c, next) {
    const tokens = secretList(readVars(c.env).BRIDGE_ADMIN_TOKEN);
    if (tokens.length === 0)
      throw new BridgeError(503, "admin_disabled", "set BRIDGE_ADMIN_TOKEN to use the admin API");
    const header = c.req.header("authorization") ?? "";
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? "";
    let valid = false;
    for (const token of tokens) valid = timingSafeEqual(presented, token) || valid;
    if (!valid) {
      throw new BridgeError(401, "admin_unauthorized", "a valid admin bearer token is required");
    }
    await next();
  };
}
