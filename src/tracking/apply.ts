import { durationSeconds } from "../config/duration";
import type { BridgeConfig } from "../config/schema";
import type { Deps } from "../deps";
import { type NotificationMessage, notificationMessages } from "../notify/enqueue";
import { diffRun, firstSighting, type RunDiff, type StuckThresholds } from "./diff";
import type { Observation } from "./observe";
import type { StateChange, TrackedRun } from "./run";

export function stuckThresholds(config: BridgeConfig): StuckThresholds {
  return {
    queued: durationSeconds(config.tracking.stuck_after.queued),
    running: durationSeconds(config.tracking.stuck_after.running),
  };
}

/**
 * The one path every observation takes, from a Studio webhook or a cron tick: diff, write the run only when
 * it changed, and hand back the notifications to queue.
 */
export async function applyObservation(
  deps: Deps,
  previous: TrackedRun,
  observed: Observation,
  now: number,
  seenBy: StateChange["seen_by"],
): Promise<{ run: TrackedRun; changes: StateChange[]; messages: NotificationMessage[] }> {
  return store(deps, diffRun(previous, observed, now, stuckThresholds(deps.config), seenBy), seenBy);
}

/**
 * A job nobody tracks, seen by the webhook or the poll while `tracking.all_jobs` is on: tracked from now on
 * unless it already ended.
 */
export async function applyFirstSighting(
  deps: Deps,
  observed: Observation,
  now: number,
  seenBy: StateChange["seen_by"],
): Promise<{ run?: TrackedRun; changes: StateChange[]; messages: NotificationMessage[] }> {
  const diff = firstSighting(observed, now, stuckThresholds(deps.config), seenBy);
  if (!diff) return { changes: [], messages: [] };
  return store(deps, diff, seenBy);
}

async function store(
  deps: Deps,
  diff: RunDiff,
  seenBy: StateChange["seen_by"],
): Promise<{ run: TrackedRun; changes: StateChange[]; messages: NotificationMessage[] }> {
  if (!diff.changed) return { run: diff.run, changes: [], messages: [] };
  const run = await deps.runs.put(diff.run);
  for (const change of diff.changes) {
    deps.log.info("run_state_changed", { run: run.id, event: change.event, status: change.status, seen_by: seenBy });
  }
  return { run, changes: diff.changes, messages: notificationMessages(deps.config, run, diff.changes) };
}
