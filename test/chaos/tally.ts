/**
 * The chaos verdict, computed from what Studio (the emulator) and the receivers recorded, never from what
 * the bridge says about itself: each accepted action must have exactly one job tagged with its id, and each
 * state change of a run exactly one notification per notifier.
 */
export interface ChaosFigures {
  events: number;
  actions: number;
  duplicates: number;
  lost: number;
  notifications: number;
  duplicateNotifications: number;
  deadLettered: number;
  replayed: number;
}

export const ACTION_TAG = "STUDIO_BRIDGE_ACTION_ID";

/** Jobs per action id, from the jobs Studio holds. */
export function jobsPerAction(jobs: { environment?: Record<string, string> }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of jobs) {
    const id = job.environment?.[ACTION_TAG];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** How many accepted actions have more than one job (duplicates) and how many have none (lost). */
export function actionOutcome(accepted: Iterable<string>, jobs: Map<string, number>) {
  let duplicates = 0;
  let lost = 0;
  for (const id of accepted) {
    const count = jobs.get(id) ?? 0;
    if (count === 0) lost += 1;
    if (count > 1) duplicates += count - 1;
  }
  return { duplicates, lost };
}

/** Notifications sent more than once for the same run, change and notifier. */
export function duplicateNotifications(sent: { notifier: string; run: string; change: string }[]): number {
  return duplicatedNotificationKeys(sent).length;
}

/** `notifier run change` of each notification sent again, for the report. */
export function duplicatedNotificationKeys(sent: { notifier: string; run: string; change: string }[]): string[] {
  const seen = new Set<string>();
  const again: string[] = [];
  for (const { notifier, run, change } of sent) {
    const key = `${notifier} ${run} ${change}`;
    if (seen.has(key)) again.push(key);
    seen.add(key);
  }
  return again;
}

export function formatFigures(figures: ChaosFigures): string {
  return Object.entries(figures)
    .map(([name, value]) => `${name.padEnd(24)} ${value}`)
    .join("\n");
}
