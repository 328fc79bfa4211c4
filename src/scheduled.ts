import type { Deps } from "./deps";
import { reconcileRuns } from "./tracking/reconcile";

/**
 * The Cron Trigger: fire schedule rules that are due, then reconcile tracked runs with Studio.
 * (Both parts are implemented by the GitHub and tracking work.)
 */
export async function onCron(deps: Deps, scheduledTime: number): Promise<void> {
  deps.log.info("cron_tick", { at: new Date(scheduledTime).toISOString() });
  await reconcileRuns(deps, scheduledTime);
}
