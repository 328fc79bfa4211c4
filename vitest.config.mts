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
              bindings: {
                DATACHAIN_STUDIO_URL: "http://studio.test",
                DATACHAIN_STUDIO_TOKEN: "dev-token",
                DATACHAIN_STUDIO_TEAM: "dev-team",
              },
              // Nothing here may reach a real network: an unexpected outbound request fails loudly.
              outboundService: (request: Request) =>
                new Response(`unexpected outbound request to ${request.url}`, { status: 599 }),
            },
          }),
        ],
        test: { name: "workers", include: ["test/**/*.test.ts"], exclude: ["test/process/**"] },
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
