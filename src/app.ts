import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { adminRoutes } from "./admin/routes";
import { bundledConfig } from "./config/bundled";
import { readVars } from "./config/env";
import { type AppEnv, createDeps, type DepsOverrides } from "./deps";
import { BridgeError, errorResponse } from "./errors";
import { githubWebhookRoutes } from "./github/webhook";
import { slackRoutes } from "./slack/routes";
import { StudioError } from "./studio/error";
import { studioWebhookRoutes } from "./tracking/studio-webhook";

/** The bridge's HTTP surface. Every error leaves through `onError` as `{"error": {"code", "message"}}`. */
export function createApp(overrides: DepsOverrides = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", async function provideDeps(c, next) {
    c.set("deps", createDeps(c.env, bundledConfig, overrides, executionContextOf(c)));
    await next();
  });

  /** Liveness; `?deep` also asks Studio for its clusters, which proves the URL, token and team. */
  app.get("/healthz", async (c) => {
    const vars = readVars(c.env);
    const body = { ok: true, studio: { url: vars.DATACHAIN_STUDIO_URL, team: vars.DATACHAIN_STUDIO_TEAM } };
    if (c.req.query("deep") === undefined) return c.json(body);
    try {
      await c.var.deps.studio().listClusters({ retry: false });
      return c.json({ ...body, studio: { ...body.studio, reachable: true } });
    } catch (error) {
      if (!(error instanceof StudioError)) throw error;
      return c.json({ ...body, ok: false, studio: { ...body.studio, reachable: false, error: error.code } }, 503);
    }
  });

  app.route("/webhooks/github", githubWebhookRoutes());
  app.route("/api", adminRoutes());
  app.route("/slack", slackRoutes());
  app.route("/webhooks/studio", studioWebhookRoutes());

  app.notFound((c) => errorResponse(404, "not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));

  app.onError((error, c) => {
    const log = c.get("deps")?.log;
    if (error instanceof StudioError) {
      // Studio's own words stay in the logs: an HTTP answer never echoes an upstream body.
      log?.error("studio_error", { code: error.code, message: error.message });
      return errorResponse(error.status, error.code, `Studio request failed (${error.code})`);
    }
    if (error instanceof BridgeError) return errorResponse(error.status, error.code, error.message);
    if (error instanceof HTTPException) return errorResponse(error.status as 400, "bad_request", error.message);
    (log ?? console).error("internal_error", { error: String(error) });
    return errorResponse(500, "internal_error", "internal error");
  });

  return app;
}

/** Hono throws when a request arrives without an execution context (in-process tests); treat that as none. */
function executionContextOf(c: { executionCtx: unknown }): ExecutionContext | undefined {
  try {
    return c.executionCtx as ExecutionContext;
  } catch {
    return undefined;
  }
}
