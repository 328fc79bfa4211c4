import { type HttpBindings, serve } from "@hono/node-server";
import { createEmulator } from "./app";
import { DROP_HEADER } from "./faults";

/**
 * `npm run emulator`: the Studio emulator as a real HTTP server on 127.0.0.1:8788 (PORT overrides), with the
 * token `dev-token` for the team `dev-team`. Jobs run on real time unless the clock is frozen.
 */
const port = Number(process.env.PORT ?? 8788);
const host = process.env.HOST ?? "127.0.0.1";
// With BRIDGE_URL and STUDIO_WEBHOOK_SECRET (npm start passes both), job transitions are posted to the bridge.
const bridgeUrl = process.env.BRIDGE_URL;
const emulator = createEmulator({
  publicUrl: process.env.EMULATOR_PUBLIC_URL,
  webhooks: {
    url: bridgeUrl ? `${bridgeUrl.replace(/\/+$/, "")}/webhooks/studio` : undefined,
    secret: process.env.STUDIO_WEBHOOK_SECRET || undefined,
  },
});

const server = serve(
  {
    hostname: host,
    port,
    fetch: async (request, env) => {
      const response = await emulator.app.fetch(request);
      if (response.headers.has(DROP_HEADER)) {
        // A dropped connection: the client sees the socket close with no answer at all.
        (env as HttpBindings).incoming.socket.destroy();
      }
      return response;
    },
  },
  (info) => {
    console.log(`studio emulator on http://${host}:${info.port}  (token dev-token, team dev-team)`);
  },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
