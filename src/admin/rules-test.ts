import { Hono } from "hono";
import { z } from "zod";
import { plannedRequests } from "../actions/preview";
import type { AppEnv } from "../deps";
import { BridgeError } from "../errors";
import { GithubEventName } from "../github/event";
import { normalizeEvent } from "../github/normalize";
import { evaluateEvent } from "../rules/evaluate";

const RulesTest = z.object({
  event: GithubEventName,
  payload: z.record(z.string(), z.unknown()),
  /** Stands in for `X-GitHub-Delivery` in the action ids shown. */
  delivery: z.string().min(1).default("dry-run"),
  /** The files a pull request changes, for rules with `paths` (a dry run makes no GitHub call). */
  changed_files: z.array(z.string()).optional(),
});

/**
 * `POST /api/rules/test`: an event name and payload in, every rule's decision and the exact requests the
 * matched actions would send out. No side effects: nothing is queued, written or sent.
 */
export function rulesTestRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post("/", async (c) => {
    const parsed = RulesTest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BridgeError(400, "invalid_request", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
    }
    const deps = c.var.deps;
    const { event: name, payload, delivery, changed_files } = parsed.data;
    const normalized = normalizeEvent(name, delivery, payload);
    const event = changed_files ? { ...normalized, changed_files } : normalized;
    const { decisions, actions } = evaluateEvent(deps.config, event, {
      team: deps.vars.DATACHAIN_STUDIO_TEAM,
      now: deps.clock.now(),
    });
    return c.json({
      event,
      decisions,
      matched: decisions.filter((decision) => decision.matched).map((decision) => decision.rule),
      actions: actions.map((action) => ({ action, requests: plannedRequests(action) })),
    });
  });
  return routes;
}
