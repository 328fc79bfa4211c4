import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Clock } from "./clock";
import { type Env, readVars } from "./config/env";
import { BridgeError, errorResponse } from "./errors";
import { StudioError, studioClientFor } from "./studio";

/** What the app takes from outside, so tests can hand in the emulator's fetch and a manual clock. */
export interface AppDeps {
  fetch?: typeof fetch;
  clock?: Clock;
}

export type AppEnv = { Bindings: Env };

/** The bridge's HTTP surface. Every error leaves through `onError` as `{"error": {"code", "message"}}`. */
export function createApp(deps: AppDeps = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** Liveness; `?deep=1` also asks Studio for its clusters, which proves the URL, token and team. */
  app.get("/healthz", async (c) => {
    const vars = readVars(c.env);
    const body = { ok: true, studio: { url: vars.DATACHAIN_STUDIO_URL, team: vars.DATACHAIN_STUDIO_TEAM } };
    if (c.req.query("deep") === undefined) return c.json(body);
    try {
      await studioClientFor(vars, deps).listClusters({ retry: false });
      return c.json({ ...body, studio: { ...body.studio, reachable: true } });
    } catch (error) {
      if (!(error instanceof StudioError)) throw error;
      return c.json({ ...body, ok: false, studio: { ...body.studio, reachable: false, error: error.code } }, 503);
    }
  });

  app.notFound((c) => errorResponse(404, "not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));

  app.onError((error) => {
    if (error instanceof StudioError) {
      // Studio's own words stay in the logs: an HTTP answer never echoes an upstream body.
      console.error(JSON.stringify({ level: "error", code: error.code, message: error.message }));
      return errorResponse(error.status, error.code, `Studio request failed (${error.code})`);
    }
    if (error instanceof BridgeError) return errorResponse(error.status, error.code, error.message);
    if (error instanceof HTTPException) return errorResponse(error.status as 400, "bad_request", error.message);
    console.error(JSON.stringify({ level: "error", code: "internal_error", message: String(error) }));
    return errorResponse(500, "internal_error", "internal error");
  });

  return app;
}
