import type { Deps } from "../deps";
import { githubRequest } from "./api";

/** What the bridge needs of a pull request: https://docs.github.com/rest/pulls/pulls#get-a-pull-request */
export interface PullRequestHead {
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string };
  labels: { name: string }[];
  merged: boolean;
}

export async function getPullRequest(deps: Deps, repository: string, number: number): Promise<PullRequestHead> {
  const pr = (await githubRequest(deps, "GET", `/repos/${repository}/pulls/${number}`)) as PullRequestHead;
  return { ...pr, labels: pr.labels ?? [], merged: pr.merged === true };
}

/**
 * The files a pull request changes (https://docs.github.com/rest/pulls/pulls#list-pull-requests-files):
 * 100 per page, GitHub lists at most 3,000. Read only when a rule on pull_request filters paths.
 */
export async function listPullRequestFiles(deps: Deps, repository: string, number: number): Promise<string[]> {
  const files: string[] = [];
  for (let page = 1; page <= 30; page++) {
    const batch = (await githubRequest(
      deps,
      "GET",
      `/repos/${repository}/pulls/${number}/files?per_page=100&page=${page}`,
    )) as { filename: string }[];
    files.push(...batch.map((file) => file.filename));
    if (batch.length < 100) break;
  }
  return files;
}
