import { createApp } from "./app";
import type { Env } from "./config/env";

const app = createApp();

/** The Worker entry. Cron (`scheduled`) and queue handlers join as the features that need them land. */
export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
