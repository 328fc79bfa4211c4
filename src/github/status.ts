import type { Deps } from "../deps";
import { githubRequest } from "./api";

/** A commit status: https://docs.github.com/rest/commits/statuses#create-a-commit-status */
export interface CommitState {
  state: "pending" | "success" | "failure" | "error";
  /** GitHub shows at most 140 characters. */
  description: string;
  target_url?: string;
  /** One context per rule, e.g. `studio-bridge/train-on-main`, so each run has its own line on the commit. */
  context: string;
}

/**
 * Sets a commit status. The pending status when a job is created and the final one from the tracking
 * notifier both go through here.
 */
export async function setCommitStatus(deps: Deps, repository: string, sha: string, status: CommitState): Promise<void> {
  await githubRequest(deps, "POST", `/repos/${repository}/statuses/${sha}`, {
    ...status,
    description: status.description.slice(0, 140),
  });
}
