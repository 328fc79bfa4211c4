import type { Deps } from "../deps";
import { githubRequest } from "./api";
import { usesGithubApp } from "./app-token";

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
 * notifier both go through here. As a GitHub App it posts a check run instead, named after the context:
 * GitHub shows the latest check run of a name, so the final one replaces the pending one.
 */
export async function setCommitStatus(deps: Deps, repository: string, sha: string, status: CommitState): Promise<void> {
  const description = status.description.slice(0, 140);
  if (usesGithubApp(deps)) {
    await githubRequest(deps, "POST", `/repos/${repository}/check-runs`, checkRunOf(sha, { ...status, description }));
    return;
  }
  await githubRequest(deps, "POST", `/repos/${repository}/statuses/${sha}`, { ...status, description });
}

/** https://docs.github.com/rest/checks/runs#create-a-check-run */
function checkRunOf(sha: string, status: CommitState) {
  const finished = status.state !== "pending";
  return {
    name: status.context,
    head_sha: sha,
    status: finished ? "completed" : "in_progress",
    ...(finished ? { conclusion: status.state === "success" ? "success" : "failure" } : {}),
    ...(status.target_url ? { details_url: status.target_url } : {}),
    output: { title: status.description, summary: status.description },
  };
}
