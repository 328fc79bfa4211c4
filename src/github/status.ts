import { required } from "../config/env";
import type { Deps } from "../deps";
import { BridgeError } from "../errors";

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
 * Sets a commit status with `GITHUB_TOKEN`. The pending status when a job is created and the final one from
 * the tracking notifier both go through here.
 */
export async function setCommitStatus(deps: Deps, repository: string, sha: string, status: CommitState): Promise<void> {
  const token = required(deps.vars, "GITHUB_TOKEN");
  const response = await deps.fetch(`${deps.vars.GITHUB_API_URL}/repos/${repository}/statuses/${sha}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/vnd.github+json",
      "content-type": "application/json",
      "user-agent": "studio-bridge",
      "x-github-api-version": "2022-11-28",
    },
    body: JSON.stringify({ ...status, description: status.description.slice(0, 140) }),
  });
  if (!response.ok) {
    // 5xx and rate limits are worth retrying; the queue does that when this throws.
    const retryable = response.status >= 500 || response.status === 429 || response.status === 403;
    throw new BridgeError(
      retryable ? 502 : 422,
      "github_status_failed",
      `GitHub answered ${response.status} to a commit status`,
    );
  }
}
