import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv, Deps } from "../deps";
import { BridgeError } from "../errors";
import { cardAfterPress, pressedButton } from "./buttons";
import { type SlackMessage, textMessage } from "./cards";
import { parseCommand } from "./command";
import { dispatch, type Outcome } from "./dispatch";
import { firstTimeSeen, readSlackForm } from "./intake";
import { postToResponseUrl } from "./web-api";

/** The fields of a slash command request the bridge uses. https://api.slack.com/interactivity/slash-commands */
const SlashCommand = z.object({
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  command: z.string().min(1),
  text: z.string().default(""),
  response_url: z.url(),
  trigger_id: z.string().min(1),
});

/** `block_actions`: a button pressed on one of our cards. https://api.slack.com/reference/interaction-payloads/block-actions */
const BlockActions = z.object({
  type: z.literal("block_actions"),
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  response_url: z.url(),
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().default("") })).min(1),
});

/** `POST /slack/commands` and `POST /slack/interactions`. */
export function slackRoutes(): Hono<AppEnv> {
  const slack = new Hono<AppEnv>();

  slack.post("/commands", async function slashCommand(c) {
    const form = await readSlackForm(c);
    if (form.get("ssl_check") === "1") return c.body(null, 200);
    const parsed = SlashCommand.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw malformed("slash command", parsed.error);
    const request = parsed.data;
    const deps = c.var.deps;
    if (!(await firstTimeSeen(deps, request.trigger_id))) return c.body(null, 200);
    const outcome = await dispatch(deps, parseCommand(request.text), {
      teamId: request.team_id,
      user: request.user_id,
      channel: request.channel_id,
      triggerId: request.trigger_id,
      responseUrl: request.response_url,
      commandText: `${request.command} ${request.text}`.trim(),
    });
    const ack = await acknowledge(deps, outcome, request.response_url);
    return ack ? c.json(ephemeral(ack)) : c.body(null, 200);
  });

  slack.post("/interactions", async function interaction(c) {
    const form = await readSlackForm(c);
    let payload: unknown;
    try {
      payload = JSON.parse(form.get("payload") ?? "");
    } catch {
      throw new BridgeError(400, "slack_payload_malformed", "the payload field is not JSON");
    }
    const type = (payload as { type?: unknown } | null)?.type;
    // Shortcuts, modals and the like are not ours: acknowledged, nothing done.
    if (typeof type === "string" && type !== "block_actions") return c.body(null, 200);
    const parsed = BlockActions.safeParse(payload);
    if (!parsed.success) throw malformed("interaction payload", parsed.error);
    const press = parsed.data;
    const deps = c.var.deps;
    if (!(await firstTimeSeen(deps, press.trigger_id))) return c.body(null, 200);
    const button = pressedButton(press.actions[0] as { action_id: string; value: string });
    if (!button) return c.body(null, 200);
    const context = {
      teamId: press.team.id,
      user: press.user.id,
      channel: press.channel.id,
      triggerId: press.trigger_id,
      responseUrl: press.response_url,
      commandText: `${deps.config.slack.command} ${button.text}`,
    };
    const outcome = await dispatch(deps, parseCommand(button.text), context);
    // Slack ignores the body of an interaction's acknowledgement: every answer goes to response_url.
    deps.waitUntil(answerPress(deps, outcome, context));
    return c.body(null, 200);
  });

  return slack;
}

/**
 * The body of a slash command's acknowledgement (null: an empty 200). A query answered within
 * `slack.inline_answer_ms` goes in it; a slower one is acknowledged at once and posted to `response_url` when
 * Studio answers (waitUntil allows 30 s). With a budget of 0 every query is acknowledged empty and answered
 * on `response_url`, so the acknowledgement never waits for Studio.
 */
async function acknowledge(deps: Deps, outcome: Outcome, responseUrl: string): Promise<SlackMessage | null> {
  if (outcome.kind !== "query") return outcome.message;
  const budgetMs = deps.config.slack.inline_answer_ms;
  if (budgetMs === 0) {
    deps.waitUntil(post(deps, responseUrl, outcome.answer.then(ephemeral)));
    return null;
  }
  let timer: number | undefined;
  const budget = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, budgetMs);
  });
  const inline = await Promise.race([outcome.answer, budget]);
  clearTimeout(timer);
  if (inline) return inline;
  deps.waitUntil(post(deps, responseUrl, outcome.answer.then(ephemeral)));
  return textMessage(":hourglass_flowing_sand: Studio is taking its time; the answer will appear here shortly.");
}

/** A button's answer: the card updated in place for a queued action, otherwise a message only the presser sees. */
async function answerPress(
  deps: Deps,
  outcome: Outcome,
  context: { user: string; responseUrl: string },
): Promise<void> {
  if (outcome.kind === "queued") {
    const card = cardAfterPress(deps, outcome.action, context.user);
    return post(
      deps,
      context.responseUrl,
      card.then((message) => ({ ...message, replace_original: true })),
    );
  }
  const message = outcome.kind === "query" ? outcome.answer : Promise.resolve(outcome.message);
  return post(
    deps,
    context.responseUrl,
    message.then((answer) => ({ ...ephemeral(answer), replace_original: false })),
  );
}

async function post(deps: Deps, responseUrl: string, message: Promise<Parameters<typeof postToResponseUrl>[2]>) {
  try {
    await postToResponseUrl(deps, responseUrl, await message);
  } catch (error) {
    deps.log.error("slack_response_failed", { error: String(error) });
  }
}

function ephemeral(message: SlackMessage): SlackMessage & { response_type: "ephemeral" } {
  return { response_type: "ephemeral", ...message };
}

function malformed(what: string, error: z.ZodError): BridgeError {
  const fields = error.issues.slice(0, 3).map((issue) => issue.path.join(".") || "(root)");
  return new BridgeError(
    400,
    "slack_payload_malformed",
    `the ${what} is missing or has invalid fields: ${fields.join(", ")}`,
  );
}
