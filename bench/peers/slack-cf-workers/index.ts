import { SlackApp, type SlackEdgeAppEnv } from "slack-cloudflare-workers";
import { answerJobs } from "../shared/jobs.ts";

/**
 * The `/datachain jobs` command built with slack-cloudflare-workers on workerd: the library verifies the v0
 * signature and timestamp, the ack handler answers within Slack's 3 s, and the lazy listener (run under
 * `waitUntil`, as the library does) asks Studio for the jobs and posts them to `response_url`: the bridge's
 * work, done the way this library is meant to be used.
 *
 * `authorize` returns the configured bot token instead of calling `auth.test` on every request (the library's
 * default), as the bridge does: a single-workspace app already knows its token.
 */
type Env = SlackEdgeAppEnv & {
  SLACK_BOT_TOKEN: string;
  DATACHAIN_STUDIO_URL: string;
  DATACHAIN_STUDIO_TOKEN: string;
  DATACHAIN_STUDIO_TEAM: string;
};

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const app = new SlackApp({
      env,
      authorize: async () => ({ botToken: env.SLACK_BOT_TOKEN, botId: "B0BENCH", botUserId: "U0BENCH", botScopes: [] }),
    });
    const studio = {
      url: env.DATACHAIN_STUDIO_URL,
      token: env.DATACHAIN_STUDIO_TOKEN,
      team: env.DATACHAIN_STUDIO_TEAM,
    };
    app.command(
      "/datachain",
      async ({ payload }) => (payload.text.trim() === "jobs" ? "Looking up your jobs..." : "Unknown command"),
      async ({ payload }) => {
        if (payload.text.trim() === "jobs") await answerJobs(studio, payload.response_url);
      },
    );
    return await app.run(request, ctx);
  },
};
