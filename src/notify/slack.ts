import { durationSeconds } from "../config/duration";
import type { Notifier } from "../config/schema";
import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import { jobCard, pipelineCard, type SlackMessage, statusEmoji } from "../slack/cards";
import { postMessage, updateMessage } from "../slack/web-api";
import type { TrackedRun } from "../tracking/run";
import { isFailure, summary } from "./describe";
import type { Notification } from "./notification";

/** The first message the bridge posted for a run in a channel, when no subscriber brought one. */
const threadKey = (runId: string, channel: string) => `slack-thread:${runId}:${channel}`;

/**
 * The Slack notifier. With the bot token: one card per run and channel, posted once and then updated in
 * place (`chat.update`) as the run moves, with a threaded reply for failures and stuck runs. With an
 * incoming-webhook URL (`webhook_url_secret`), which cannot edit: one message per change.
 * The card shows the run as Studio has it now, so it is fetched fresh.
 */
export async function notifySlack(
  deps: Deps,
  notifier: Extract<Notifier, { type: "slack" }>,
  run: TrackedRun,
  notification: Notification,
): Promise<void> {
  const card = await cardOf(deps, run);
  const text = summary(run, notification.change);
  if (notifier.webhook_url_secret) return postToIncomingWebhook(deps, notifier, { ...card, text });

  const channels = new Map(run.subscribers.map((subscriber) => [subscriber.channel, subscriber.message_ts]));
  if (notifier.channel && !channels.has(notifier.channel)) channels.set(notifier.channel, undefined);
  for (const [channel, subscriberTs] of channels) {
    let ts = subscriberTs ?? (await deps.kv.get(threadKey(run.id, channel))) ?? undefined;
    if (ts === undefined) {
      ts = (await postMessage(deps, { channel, ...card, text })).ts;
      const ttl = Math.max(60, durationSeconds(deps.config.tracking.keep_finished));
      await deps.kv.put(threadKey(run.id, channel), ts, { expirationTtl: ttl });
    } else {
      await updateMessage(deps, { channel, ts, ...card, text });
    }
    if (isFailure(notification.change)) {
      const detail = notification.change.error_message ? `\n> ${notification.change.error_message.slice(0, 500)}` : "";
      await postMessage(deps, {
        channel,
        thread_ts: ts,
        text: `${statusEmoji(notification.change.status)} ${text}${detail}`,
      });
    }
  }
}

async function cardOf(deps: Deps, run: TrackedRun): Promise<SlackMessage> {
  const studio = deps.studio(run.team);
  const context = { now: deps.clock.now(), origin: run.origin, rule: run.rule };
  return run.kind === "job"
    ? jobCard(await studio.getJob(run.studio_id), context)
    : pipelineCard(await studio.pipelineStatus({ pipeline_id: run.studio_id }), context);
}

/** https://api.slack.com/messaging/webhooks: 200 `ok`, or an error status with a short reason. */
async function postToIncomingWebhook(
  deps: Deps,
  notifier: Extract<Notifier, { type: "slack" }>,
  message: SlackMessage,
): Promise<void> {
  const url = deps.env[notifier.webhook_url_secret as string];
  if (typeof url !== "string" || url === "") {
    throw new BridgeError(
      500,
      "bridge_misconfigured",
      `notifier ${notifier.name}: secret ${notifier.webhook_url_secret} is not set`,
    );
  }
  const response = await deps.fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  if (!response.ok) {
    const retryable = response.status >= 500 || response.status === 429;
    throw new BridgeError(
      retryable ? 502 : 422,
      "slack_webhook_failed",
      `Slack incoming webhook answered ${response.status}`,
    );
  }
}
