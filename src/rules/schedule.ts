import { Cron } from "croner";

/** After an outage a schedule catches up on at most this many missed due times, not its whole history. */
export const MAX_CATCH_UP = 5;

/**
 * The due times of a cron expression (UTC) in `(lastFired, now]`, oldest first. Pure. Without a last fired
 * time (a new rule, a fresh deploy) only the latest due time counts, so a rule never fires its history.
 */
export function dueTimes(expression: string, lastFired: number | undefined, now: number): number[] {
  const cron = new Cron(expression, { timezone: "UTC" });
  // previousRuns looks strictly before its reference: a tick exactly on the due time must count it.
  const latest = cron.previousRuns(1, new Date(now + 1))[0];
  if (latest === undefined) return [];
  if (lastFired === undefined) return [latest.getTime()];
  const due: number[] = [];
  for (let next = cron.nextRun(new Date(lastFired)); next && next.getTime() <= now; next = cron.nextRun(next)) {
    due.push(next.getTime());
    if (due.length > MAX_CATCH_UP) due.shift();
  }
  return due;
}
