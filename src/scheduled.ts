import { fireSchedules } from "./actions/schedules";
import type { Deps } from "./deps";
import { redriveOutbox } from "./queue/outbox";
import { reconcileRuns } from "./tracking/reconcile";

/** The Cron Triggers in wrangler.toml. Each fires as its own invocation, with its own CPU and KV budget. */
export const EVERY_MINUTE = "* * * * *";
export const EVERY_FIVE_MINUTES = "*/5 * * * *";

type CronPart = (deps: Deps, scheduledTime: number) => Promise<unknown>;

const PARTS: Record<string, Record<string, CronPart>> = {
  // Schedule rules that are due, then tracked runs reconciled with Studio.
  [EVERY_MINUTE]: { schedules: fireSchedules, reconcile: reconcileRuns },
  // Accepted actions lost on their way to the consumer go back on the queue (src/queue/outbox.ts).
  [EVERY_FIVE_MINUTES]: { outbox: (deps, now) => redriveOutbox(deps, now, deps.vars.OUTBOX_REDRIVE_AFTER_SECONDS) },
};

/**
 * The Cron Trigger. The parts of one trigger are independent: a failure in one (logged) never keeps the
 * others from running on this tick.
 */
export async function onCron(deps: Deps, scheduledTime: number, cron = EVERY_MINUTE): Promise<void> {
  deps.log.info("cron_tick", { cron, at: new Date(scheduledTime).toISOString() });
  for (const [part, run] of Object.entries(PARTS[cron] ?? {})) {
    try {
      await run(deps, scheduledTime);
    } catch (error) {
      deps.log.error("cron_part_failed", { part, error });
    }
  }
}
