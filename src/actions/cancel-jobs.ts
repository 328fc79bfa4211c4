import type { Deps } from "../deps";
import type { Action, ActionResult, StudioOperation } from "./action";
import { cancelIfActive, groupHead } from "./concurrency";

/**
 * A rule's `cancel_jobs` action (e.g. when a pull request closes): cancels the active job of a concurrency
 * group and/or the active jobs a rule started.
 */
export async function cancelJobs(
  deps: Deps,
  action: Action,
  operation: Extract<StudioOperation, { type: "cancel_jobs" }>,
): Promise<ActionResult> {
  const jobIds = new Set<string>();
  if (operation.concurrency_group) {
    const head = await groupHead(deps, operation.concurrency_group);
    if (head) jobIds.add(head.job_id);
  }
  if (operation.rule) for (const id of await activeJobsOfRule(deps, operation.rule)) jobIds.add(id);
  let canceled = 0;
  for (const id of jobIds) if (await cancelIfActive(deps, action.team, id)) canceled += 1;
  return { kind: "feedback", ok: true, message: `canceled ${canceled} job(s)` };
}

/** Studio ids of the tracked jobs a rule started that are still active. */
async function activeJobsOfRule(deps: Deps, rule: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listActive(cursor);
    for (const { id, summary } of page.runs) {
      if (summary.kind !== "job") continue;
      const run = await deps.runs.get(id);
      if (run?.rule === rule) ids.push(run.studio_id);
    }
    cursor = page.cursor;
  } while (cursor);
  return ids;
}
