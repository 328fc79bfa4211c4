import type { Deps } from "../deps";
import { sendActions } from "../queue/outbox";
import { actionFor } from "../rules/plan";
import { dueTimes } from "../rules/schedule";

export const scheduleKey = (rule: string) => `schedule:${rule}`;
/** `schedule:<rule>:<due ISO>`: two ticks that see the same due time queue the same action id. */
export const scheduleActionId = (rule: string, due: string) => `schedule:${rule}:${due}`;

/**
 * Fires `on: schedule` rules from the Cron Trigger: one action per due time since the rule last fired
 * (KV `schedule:<rule>`), queued before the mark moves on, so a failed send is fired again next tick and
 * an overlapping tick yields the same action ids, which the executor does once.
 */
export async function fireSchedules(deps: Deps, now: number): Promise<number> {
  let queued = 0;
  for (const rule of deps.config.rules) {
    if (rule.on !== "schedule" || rule.schedule === undefined) continue;
    const last = await deps.kv.get(scheduleKey(rule.name));
    const due = dueTimes(rule.schedule, last === null ? undefined : Date.parse(last), now);
    if (due.length === 0) continue;
    for (const time of due) {
      const at = new Date(time).toISOString();
      const action = actionFor(
        rule,
        { "schedule.due": at },
        {
          id: scheduleActionId(rule.name, at),
          team: deps.vars.DATACHAIN_STUDIO_TEAM,
          origin: { kind: "schedule", due: at },
          created_at: new Date(now).toISOString(),
        },
      );
      await sendActions(deps, [action]);
      queued += 1;
    }
    await deps.kv.put(scheduleKey(rule.name), new Date(due.at(-1) as number).toISOString());
    deps.log.info("schedule_fired", { rule: rule.name, due: due.map((time) => new Date(time).toISOString()) });
  }
  return queued;
}
