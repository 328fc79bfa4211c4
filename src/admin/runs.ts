import { Hono } from "hono";
import type { AppEnv } from "../deps";
import { BridgeError } from "../errors";
import { listSent } from "../notify/sent";
import { isFinished } from "../tracking/store";

/**
 * `GET /api/runs?status=active|finished|<STATUS>&cursor=` lists tracked runs from the summaries stored with
 * their keys (one KV `list` per 1,000 runs, no reads); `GET /api/runs/:id` shows one run with its history of
 * state changes and the notifications sent for it.
 */
export function runRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/", async (c) => {
    const filter = c.req.query("status");
    const page = await c.var.deps.runs.listRuns(c.req.query("cursor"));
    const runs = page.runs
      .map(({ id, summary }) => ({
        id,
        kind: summary.kind,
        team: summary.team,
        status: summary.status,
        progress: summary.progress,
        status_since: new Date(summary.since).toISOString(),
        stuck: summary.stuck ?? false,
        finished: isFinished(summary),
      }))
      .filter((run) =>
        filter === undefined
          ? true
          : filter === "active"
            ? !run.finished
            : filter === "finished"
              ? run.finished
              : run.status === filter.toUpperCase(),
      );
    return c.json({ runs, cursor: page.cursor ?? null });
  });

  routes.get("/:id", async (c) => {
    const id = c.req.param("id");
    const run = await c.var.deps.runs.get(id);
    if (!run) throw new BridgeError(404, "run_not_found", `no tracked run ${id}`);
    return c.json({ run: { ...run, notifications: await listSent(c.var.deps, id) } });
  });

  return routes;
}
