import { App, LogLevel } from "@slack/bolt";

/**
 * The `/datachain jobs` command as a Slack Bolt app on Node with its HTTPReceiver: Bolt verifies the v0 signature
 * and timestamp, and the handler acks at once and hands the lookup to a queue (here an in-memory one, trimmed so it
 * does not grow through the run). The bot token and ids are given up front, so Bolt does not call `auth.test`.
 */
const port = Number(process.env.PORT);
const queue: unknown[] = [];

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET as string,
  token: process.env.SLACK_BOT_TOKEN,
  botId: "B0BENCH",
  botUserId: "U0BENCH",
  tokenVerificationEnabled: false,
  endpoints: "/slack/commands",
  customRoutes: [{ path: "/healthz", method: "GET", handler: (_request, response) => response.end("ok") }],
  logLevel: LogLevel.WARN,
});

app.command("/datachain", async ({ command, ack }) => {
  if (command.text.trim() !== "jobs") return await ack("Unknown command");
  await ack("Looking up your jobs...");
  queue.push({ command: "jobs", response_url: command.response_url, trigger_id: command.trigger_id });
  if (queue.length > 1000) queue.length = 0;
});

await app.start({ port, host: "127.0.0.1" });
