import { createApp } from "./app";
import { bundledConfig } from "./config/bundled";
import type { Env } from "./config/env";
import { createDeps } from "./deps";
import { consumeBatch, consumeDeadLetterQueue } from "./queue/consume";
import { queueHandlers } from "./queue/handlers";
import { onCron } from "./scheduled";

const app = createApp();

/** The Worker entry: HTTP routes, the Cron Trigger, and the action queue with its dead-letter queue. */
export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),

  async scheduled(controller, env, ctx) {
    await onCron(createDeps(env, bundledConfig, {}, ctx), controller.scheduledTime, controller.cron);
  },

  async queue(batch, env, ctx) {
    const deps = createDeps(env, bundledConfig, {}, ctx);
    if (batch.queue.endsWith("-dlq")) await consumeDeadLetterQueue(batch, deps);
    else await consumeBatch(batch, deps, queueHandlers);
  },
} satisfies ExportedHandler<Env>;
