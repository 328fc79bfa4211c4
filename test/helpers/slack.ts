import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { slackSignature } from "../../scripts/lib/sign";
import type { BridgeFixture } from "./bridge";
import { START } from "./studio";

/** The signing secret the vitest bindings give the bridge. */
export const SLACK_SECRET = "test-slack-signing-secret";

let triggers = 0;

export interface SlackRequestOptions {
  user?: string;
  channel?: string;
  team?: string;
  trigger?: string;
  /** Epoch seconds; the fixture's frozen clock by default. */
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string>;
}

/** Sends a form body to a Slack route signed as Slack signs it, and waits for everything done after the ack. */
export async function sendSigned(
  fixture: BridgeFixture,
  path: string,
  body: string,
  options: SlackRequestOptions = {},
): Promise<Response> {
  const { response, afterAck } = await sendSignedOnly(fixture, path, body, options);
  await afterAck();
  return response;
}

/** The acknowledgement alone; `afterAck()` waits for the work the bridge does after it (`waitUntil`). */
export async function sendSignedOnly(
  fixture: BridgeFixture,
  path: string,
  body: string,
  options: SlackRequestOptions = {},
): Promise<{ response: Response; afterAck: () => Promise<void> }> {
  const timestamp = options.timestamp ?? Math.floor(START / 1000);
  const signature = await slackSignature(options.secret ?? SLACK_SECRET, timestamp, body);
  const ctx = createExecutionContext();
  const response = await fixture.app.request(
    path,
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature,
        ...options.headers,
      },
      body,
    },
    fixture.env,
    ctx,
  );
  return { response, afterAck: () => waitOnExecutionContext(ctx) };
}

/** The form Slack posts for `/datachain <text>`. */
export function commandForm(text: string, options: SlackRequestOptions = {}): string {
  triggers += 1;
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: options.team ?? "T_ACME",
    team_domain: "acme",
    channel_id: options.channel ?? "C_GENERAL",
    channel_name: "general",
    user_id: options.user ?? "U_ADMIN",
    user_name: "ada",
    command: "/datachain",
    text,
    api_app_id: "A_BRIDGE",
    response_url: "http://studio.test/slack/response/command",
    trigger_id: options.trigger ?? `trigger-${triggers}`,
  }).toString();
}

/** Runs `/datachain <text>` as Slack would. */
export async function slash(fixture: BridgeFixture, text: string, options: SlackRequestOptions = {}) {
  return sendSigned(fixture, "/slack/commands", commandForm(text, options), options);
}

/** Presses a button on one of the bridge's cards, as Slack reports it. */
export async function press(
  fixture: BridgeFixture,
  actionId: string,
  value: string,
  options: SlackRequestOptions = {},
): Promise<Response> {
  triggers += 1;
  const payload = {
    type: "block_actions",
    team: { id: options.team ?? "T_ACME", domain: "acme" },
    user: { id: options.user ?? "U_ADMIN", username: "ada" },
    channel: { id: options.channel ?? "C_GENERAL", name: "general" },
    container: { type: "message", message_ts: "1764579600.000100", is_ephemeral: true },
    response_url: "http://studio.test/slack/response/button",
    trigger_id: options.trigger ?? `trigger-${triggers}`,
    actions: [{ type: "button", action_id: actionId, block_id: "b1", value, action_ts: "1764579600.1" }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned(fixture, "/slack/interactions", body, options);
}

/** What the bridge posted to a `response_url`, oldest first. */
export function responses(fixture: BridgeFixture, kind: "command" | "button" = "command") {
  return fixture.emulator.sinks.records.slack
    .filter((record) => record.path === `/slack/response/${kind}`)
    .map(
      (record) =>
        record.body as {
          response_type?: string;
          replace_original?: boolean;
          text: string;
          blocks: Record<string, unknown>[];
        },
    );
}

/** All mrkdwn/plain text of a message, for asserting what a reader sees. */
export function visibleText(message: { text?: string; blocks?: unknown[] }): string {
  return JSON.stringify(message.blocks ?? message.text ?? "");
}

/** A config with permissions, a workspace mapping and one recipe, as the tests use it. */
export const SLACK_CONFIG = `
version: 1
slack:
  mutating:
    users: [U_ADMIN]
    groups: [S_DATA]
    channels: [C_OPS]
  workspaces:
    T_OTHER: other-team
  recipes:
    - name: retrain
      description: Retrain the model.
      params:
        - name: EPOCHS
          default: "10"
          pattern: "[0-9]{1,3}"
        - name: MODEL
      job:
        query: "print('training')"
        query_name: "retrain-{{ params.MODEL }}"
        environment:
          EPOCHS: "{{ params.EPOCHS }}"
`;
