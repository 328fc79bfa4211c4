import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Unit and integration tests run inside workerd, as the Worker does in production.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Known secret values, so tests can prove none of them leaks into a log, response or message.
              bindings: {
                DATACHAIN_STUDIO_URL: "http://studio.test",
                DATACHAIN_STUDIO_TOKEN: "dev-token",
                DATACHAIN_STUDIO_TEAM: "dev-team",
                GITHUB_API_URL: "http://studio.test/github",
                SLACK_API_URL: "http://studio.test/slack/api",
                GITHUB_WEBHOOK_SECRET: "test-github-webhook-secret",
                GITHUB_TOKEN: "ghp_testtoken0000000000000000",
                SLACK_SIGNING_SECRET: "test-slack-signing-secret",
                SLACK_BOT_TOKEN: "xoxb-test-bot-token",
                STUDIO_WEBHOOK_SECRET: "test-studio-webhook-secret",
                BRIDGE_ADMIN_TOKEN: "test-admin-token",
                OUTGOING_WEBHOOK_SECRET: "whsec_dGVzdC1vdXRnb2luZy13ZWJob29rLXNlY3JldA==",
              },
              // Nothing here may reach a real network: an unexpected outbound request fails loudly.
              outboundService: (request: Request) =>
                new Response(`unexpected outbound request to ${request.url}`, { status: 599 }),
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/process/**"],
          // Fails any test whose fixtures let a known secret into a log, response, message or KV value.
          setupFiles: ["test/security/leak-guard.ts"],
          // Requests per route in the fuzz suite: `npm run fuzz` sets FUZZ_RUNS=10000 (the Worker sees no host env).
          provide: { fuzzRuns: Number(process.env.FUZZ_RUNS ?? 300) },
        },
      },
      {
        // Tests that start real processes (the emulator server, wrangler dev) and talk to them over loopback.
        test: {
          name: "process",
          include: ["test/process/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
