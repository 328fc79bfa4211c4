import { SlackApp, type SlackEdgeAppEnv } from "slack-cloudflare-workers";

/**
 * The `/datachain jobs` command built with slack-cloudflare-workers on workerd: the library verifies the v0
 * signature and timestamp, the ack handler answers within Slack's 3 s, and the lazy listener (run under
 * `waitUntil`, as the library does) stands where the job lookup would go.
 *
 * `authorize` returns the configured bot token instead of calling `auth.test` on every request (the library's
 * default), as the bridge does: a single-workspace app already knows its token.
 */
type Env = SlackEdgeAppEnv & { SLACK_BOT_TOKEN: string };

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const app = new SlackApp({
      env,
      authorize: async () => ({ botToken: env.SLACK_BOT_TOKEN, botId: "B0BENCH", botUserId: "U0BENCH", botScopes: [] }),
    });
    app.command(
      "/datachain",
      async ({ payload }) => (payload.text.trim() === "jobs" ? "Looking up your jobs..." : "Unknown command"),
      async ({ payload }) => {
        // Where the Studio lookup and the response_url post would go; kept out so only the ack is compared.
        void payload.response_url;
      },
    );
    return await app.run(request, ctx);
  },
};
