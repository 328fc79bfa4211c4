import type { Deps } from "../deps";
import { githubRequest } from "./api";

/**
 * Edits the bridge's own comment on a pull request, so a ChatOps run shows its progress in one place
 * instead of a stream of new comments. https://docs.github.com/rest/issues/comments#update-an-issue-comment
 */
export async function updateIssueComment(
  deps: Deps,
  repository: string,
  commentId: number,
  body: string,
): Promise<void> {
  await githubRequest(deps, "PATCH", `/repos/${repository}/issues/comments/${commentId}`, { body });
}

/** https://docs.github.com/rest/issues/comments#create-an-issue-comment */
export async function createIssueComment(deps: Deps, repository: string, issue: number, body: string): Promise<number> {
  const created = (await githubRequest(deps, "POST", `/repos/${repository}/issues/${issue}/comments`, { body })) as {
    id: number;
  };
  return created.id;
}
