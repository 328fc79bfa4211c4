import { Hono } from "hono";
import type { AppEnv } from "../deps";
import { BridgeError } from "../errors";
import { adminAuth } from "./auth";
import { deadLetterRoutes } from "./dead-letters";
import { eventRoutes } from "./events";
import { rulesTestRoutes } from "./rules-test";
import { runRoutes } from "./runs";

/** The admin API under `/api`, all behind the admin bearer token. */
export function adminRoutes(): Hono<AppEnv> {
  const admin = new Hono<AppEnv>();
  admin.use("*", adminAuth());
  // Ids in the path become KV keys (512 bytes at most): a longer one names nothing the bridge stored.
  admin.use("*", async function boundIds(c, next) {
    // Hono has already decoded the path; count its bytes, as KV does.
    if (new TextEncoder().encode(c.req.path).byteLength > 400)
      throw new BridgeError(404, "not_found", "no such resource (the path is too long)");
    await next();
  });
  admin.route("/dead-letters", deadLetterRoutes());
  admin.route("/events", eventRoutes());
  admin.route("/rules/test", rulesTestRoutes());
  admin.route("/runs", runRoutes());
  return admin;
}
