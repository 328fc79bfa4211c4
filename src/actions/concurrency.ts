import { z } from "zod";
import type { Deps } from "../deps";
import { StudioError } from "../studio/error";
import { TERMINAL_JOB_STATUSES } from "../studio/schemas";
import type { Action } from "./action";

const KEEP_SECONDS = 30 * 86_400;
export const concurrencyKey = (group: string) => `concurrency:${group}`;

/** The latest job of a concurrency group. */
export const GroupHead = z.object({ job_id: z.string(), action_id: z.string(), created_at: z.string() });
export type GroupHead = z.infer<typeof GroupHead>;

export async function groupHead(deps: Deps, group: string): Promise<GroupHead | undefined> {
  const stored = await deps.kv.get(concurrencyKey(group), "json");
  return stored === null ? undefined : GroupHead.parse(stored);
}

/**
 * Concurrency groups as in GitHub Actions: the group remembers its latest job and, with
 * `cancel_in_progress`, a newer action cancels the previous job if Studio still runs it. An action older
 * than the group's head (queues do not keep order) neither cancels nor replaces it. Without
 * `cancel_in_progress` runs overlap: the bridge cannot hold work back the way Actions queues it.
 */
export async function enterConcurrencyGroup(deps: Deps, action: Action, jobId: string): Promise<void> {
  if (!action.concurrency) return;
  const { group, cancel_in_progress } = action.concurrency;
  const head = await groupHead(deps, group);
  if (head && (head.action_id === action.id || head.created_at > action.created_at)) return;
  if (head && cancel_in_progress) {
    const canceled = await cancelIfActive(deps, action.team, head.job_id);
    deps.log.info("concurrency_cancel", { group, previous: head.job_id, by: action.id, canceled });
  }
  const next: GroupHead = { job_id: jobId, action_id: action.id, created_at: action.created_at };
  await deps.kv.put(concurrencyKey(group), JSON.stringify(next), { expirationTtl: KEEP_SECONDS });
}

/** Cancels a job unless it has finished; true when a cancel was sent. */
export async function cancelIfActive(deps: Deps, team: string, jobId: string): Promise<boolean> {
  const studio = deps.studio(team);
  try {
    const job = await studio.getJob(jobId);
    if (TERMINAL_JOB_STATUSES.includes(job.status) || job.status.startsWith("CANCELING")) return false;
    await studio.cancelJob(jobId);
    return true;
  } catch (error) {
    // Gone from Studio: nothing left to cancel.
    if (error instanceof StudioError && error.upstreamStatus === 404) return false;
    throw error;
  }
}
