import { Hono } from "hono";
import type { Action } from "../actions/action";
import type { AppEnv, Deps } from "../deps";
import { BridgeError } from "../errors";
import { sendActions } from "../queue/outbox";
import { evaluateEvent, needsPullRequestFiles } from "../rules/evaluate";
import type { RuleDecision } from "../rules/match";
import { handleComment } from "./chatops";
import { getDelivery, recordDelivery } from "./deliveries";
import { type BridgeEvent, GITHUB_EVENTS, type GithubEventName } from "./event";
import { normalizeEvent } from "./normalize";
import { listPullRequestFiles } from "./pulls";
import { parsePayload, verifyDelivery } from "./request";

/**
 * `POST /webhooks/github`. Verifies, de-duplicates by `X-GitHub-Delivery`, decides, puts the work on the
 * queue and only then answers 2xx (GitHub allows 10 s and never retries by itself).
 */
export function githubWebhookRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post("/", async function receiveGithubWebhook(c) {
    const deps = c.var.deps;
    const verified = await verifyDelivery(c.req.raw, deps.vars);
    const { delivery } = verified;
    if (await getDelivery(deps, delivery)) return c.json({ status: "duplicate", delivery }, 200);
    if (verified.event === "ping") return c.json({ status: "pong", delivery }, 200);
    // Not recorded: a repository sends many events the bridge never acts on, and KV writes are counted.
    if (!(GITHUB_EVENTS as readonly string[]).includes(verified.event)) {
      const reason = `the bridge does not act on ${verified.event} events`;
      return c.json({ status: "ignored", delivery, reason }, 202);
    }
    const event = normalizeEvent(verified.event as GithubEventName, delivery, parsePayload(verified));
    const outcome = await decide(deps, event);
    await enqueue(deps, outcome.actions);
    const status = outcome.actions.length > 0 ? "accepted" : outcome.status === "ignored" ? "ignored" : "no_match";
    if (outcome.quiet) return c.json({ status, delivery, reason: outcome.reason }, 200);
    await recordDelivery(deps, {
      delivery,
      event: event.name,
      action: event.action,
      repository: event.repository,
      sender: event.sender,
      sha: event.sha || undefined,
      received_at: new Date(deps.clock.now()).toISOString(),
      status,
      reason: outcome.reason,
      decisions: outcome.decisions,
      actions: outcome.actions.map((action) => ({
        id: action.id,
        rule: action.rule,
        operation: action.operation.type,
      })),
    });
    deps.log.info("github_delivery", { delivery, event: event.name, status, actions: outcome.actions.length });
    return c.json(
      {
        status,
        delivery,
        reason: outcome.reason,
        actions: outcome.actions.map((a) => a.id),
        decisions: outcome.decisions,
      },
      status === "accepted" ? 202 : 200,
    );
  });
  return routes;
}

interface Outcome {
  status: "accepted" | "ignored";
  reason?: string;
  quiet?: boolean;
  decisions: RuleDecision[];
  actions: Action[];
}

async function decide(deps: Deps, event: BridgeEvent): Promise<Outcome> {
  if (event.name === "issue_comment") return handleComment(deps, event);
  const withFiles = needsPullRequestFiles(deps.config, event)
    ? { ...event, changed_files: await changedFiles(deps, event) }
    : event;
  const evaluated = evaluateEvent(deps.config, withFiles, {
    team: deps.vars.DATACHAIN_STUDIO_TEAM,
    now: deps.clock.now(),
  });
  return { status: "accepted", ...evaluated };
}

/**
 * A pull request payload does not list its files; GitHub's API does. When it cannot (an outage, a token
 * without access) the files stay unknown and rules filtering paths do not fire, saying so, rather than
 * failing the whole delivery.
 */
async function changedFiles(deps: Deps, event: BridgeEvent): Promise<string[] | undefined> {
  if (!event.pull_request) return undefined;
  try {
    return await listPullRequestFiles(deps, event.repository, event.pull_request.number);
  } catch (error) {
    deps.log.warn("pull_request_files_unavailable", { delivery: event.delivery, error: String(error) });
    return undefined;
  }
}

/** Every action goes on the queue before the 2xx; if one cannot, GitHub must see a failed delivery. */
async function enqueue(deps: Deps, actions: Action[]): Promise<void> {
  try {
    await sendActions(deps, actions);
  } catch (error) {
    deps.log.error("queue_send_failed", { error: String(error) });
    throw new BridgeError(503, "queue_unavailable", "the work could not be queued; redeliver this event from GitHub");
  }
}
