import { fireSchedules } from "./actions/schedules";
import type { Deps } from "./deps";
import { reconcileRuns } from "./tracking/reconcile";

/**
 * The Cron Trigger: fire schedule rules that are due, then reconcile tracked runs with Studio. The two are
 * independent: a failure in one (logged) never keeps the other from running on this tick.
 */
export async function onCron(deps: Deps, scheduledTime: number): Promise<void> {
  deps.log.info("cron_tick", { at: new Date(scheduledTime).toISOString() });
  const parts = { schedules: fireSchedules, reconcile: reconcileRuns };
  for (const [part, run] of Object.entries(parts)) {
    try {
      await run(deps, scheduledTime);
    } catch (error) {
      deps.log.error("cron_part_failed", { part, error });
    }
  }
}
