/**
 * `npm run slack -- <command text>`: signs a slash command the way Slack does and sends it to a running
 * bridge (`npm start`), then prints the acknowledgement and whatever the bridge posts to the command's
 * `response_url` (the emulator's local Slack records it) over the next few seconds.
 *
 *   npm run slack -- jobs --limit 5
 *   npm run slack -- run retrain EPOCHS=20
 *   npm run slack -- --press job_cancel <job-id>     (a button on a card)
 *
 * Settings: BRIDGE_URL (default http://127.0.0.1:8787), SLACK_USER (U_LOCAL_DEV), SLACK_CHANNEL (C_LOCAL_DEV),
 * SLACK_TEAM (T_LOCAL_DEV), WAIT_SECONDS (8); SLACK_SIGNING_SECRET and DATACHAIN_STUDIO_URL from .dev.vars.
 */
import { resolve } from "node:path";
import { readDevVars } from "./lib/dev-vars";
import { slackHeaders } from "./lib/sign";

const devVars = readDevVars(resolve(import.meta.dirname, "../.dev.vars"));
const secret = process.env.SLACK_SIGNING_SECRET ?? devVars.SLACK_SIGNING_SECRET;
if (!secret) {
  console.error("SLACK_SIGNING_SECRET is not in .dev.vars; run `npm start` once to create it.");
  process.exit(2);
}
const bridgeUrl = process.env.BRIDGE_URL ?? "http://127.0.0.1:8787";
const emulatorUrl = devVars.DATACHAIN_STUDIO_URL ?? "http://127.0.0.1:8788";
const user = process.env.SLACK_USER ?? "U_LOCAL_DEV";
const channel = process.env.SLACK_CHANNEL ?? "C_LOCAL_DEV";
const team = process.env.SLACK_TEAM ?? "T_LOCAL_DEV";
const waitSeconds = Number(process.env.WAIT_SECONDS ?? 8);

const args = process.argv.slice(2);
const triggerId = `local.${Date.now()}.${Math.random().toString(16).slice(2, 10)}`;
const responseUrl = `${emulatorUrl}/slack/response/${triggerId}`;

let path: string;
let body: string;
if (args[0] === "--press") {
  const [, actionId = "", value = ""] = args;
  path = "/slack/interactions";
  const payload = {
    type: "block_actions",
    team: { id: team },
    user: { id: user },
    channel: { id: channel },
    response_url: responseUrl,
    trigger_id: triggerId,
    actions: [{ type: "button", action_id: actionId, value }],
  };
  body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
} else {
  path = "/slack/commands";
  body = new URLSearchParams({
    team_id: team,
    channel_id: channel,
    user_id: user,
    command: "/datachain",
    text: args.join(" "),
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}

const response = await fetch(`${bridgeUrl}${path}`, {
  method: "POST",
  headers: await slackHeaders(secret, body),
  body,
});
const ack = await response.text();
console.log(`acknowledged: ${response.status}\n${pretty(ack)}`);

// Follow-ups arrive on response_url: a slow answer, a card updated in place, the result of a queued action.
const seen = new Set<string>();
const deadline = Date.now() + waitSeconds * 1000;
while (Date.now() < deadline) {
  await new Promise((done) => setTimeout(done, 500));
  const sink = (await (await fetch(`${emulatorUrl}/_emulator/sinks/slack`)).json()) as {
    records: { path: string; at: string; body: unknown }[];
  };
  for (const record of sink.records) {
    const key = `${record.at}${JSON.stringify(record.body)}`;
    if (!record.path.endsWith(triggerId) || seen.has(key)) continue;
    seen.add(key);
    console.log(`\nposted to response_url:\n${JSON.stringify(record.body, null, 2)}`);
  }
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text || "(empty body)";
  }
}
