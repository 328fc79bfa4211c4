import { App, LogLevel } from "@slack/bolt";
import { answerJobs } from "../shared/jobs.ts";

/**
 * The `/datachain jobs` command as a Slack Bolt app on Node with its HTTPReceiver: Bolt verifies the v0 signature
 * and timestamp, the handler acks at once, then asks Studio for the jobs and posts them to `response_url` (the
 * bridge's work). The bot token and ids are given up front, so Bolt does not call `auth.test`.
 */
const port = Number(process.env.PORT);
const studio = {
  url: process.env.DATACHAIN_STUDIO_URL as string,
  token: process.env.DATACHAIN_STUDIO_TOKEN as string,
  team: process.env.DATACHAIN_STUDIO_TEAM as string,
};

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
  await answerJobs(studio, command.response_url);
});

await app.start({ port, host: "127.0.0.1" });
