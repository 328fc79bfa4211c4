import { Hono } from "hono";
import type { AppEnv } from "../deps";
import { adminAuth } from "./auth";
import { deadLetterRoutes } from "./dead-letters";
import { eventRoutes } from "./events";
import { rulesTestRoutes } from "./rules-test";
import { runRoutes } from "./runs";

/** The admin API under `/api`, all behind the admin bearer token. */
export function adminRoutes(): Hono<AppEnv> {
  const admin = new Hono<AppEnv>();
  admin.use("*", adminAuth());
  admin.route("/dead-letters", deadLetterRoutes());
  admin.route("/events", eventRoutes());
  admin.route("/rules/test", rulesTestRoutes());
  admin.route("/runs", runRoutes());
  return admin;
}
