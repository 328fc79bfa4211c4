import type { BridgeConfig, Notifier } from "../config/schema";
import { matchesEvent } from "../tracking/events";
import type { TrackedRun } from "../tracking/run";

/**
 * The notifiers a change of this run goes to: the names the run carries (from its rule, recipe or `watch`
 * subscribers), or the global `notify` list when it carries none; each filtered by its `events` globs and
 * by whether it has anywhere to send (a GitHub status needs a commit, a Slack message a channel).
 */
export function notifiersFor(config: BridgeConfig, run: TrackedRun, event: string): Notifier[] {
  const named = new Set([...run.notify, ...run.subscribers.flatMap((subscriber) => subscriber.notify ?? [])]);
  const names = named.size > 0 ? named : new Set(config.notify);
  return config.notifiers.filter(
    (notifier) =>
      names.has(notifier.name) &&
      notifier.events.some((pattern) => matchesEvent(pattern, event)) &&
      hasTarget(notifier, run),
  );
}

function hasTarget(notifier: Notifier, run: TrackedRun): boolean {
  switch (notifier.type) {
    case "github":
      return run.origin.kind === "github";
    case "slack":
      return run.subscribers.length > 0 || notifier.channel !== undefined || notifier.webhook_url_secret !== undefined;
    default:
      return true;
  }
}
