import { required } from "../config/env";
import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import { installationToken, usesGithubApp } from "./app-token";
import { githubCall } from "./http";

/**
 * One call to the GitHub REST API about a repository (https://docs.github.com/rest): as the GitHub App's
 * installation when `GITHUB_APP_ID` and `GITHUB_APP_PRIVATE_KEY` are set, else with `GITHUB_TOKEN`.
 */
export async function githubRequest(deps: Deps, method: string, path: string, body?: unknown): Promise<unknown> {
  const token = usesGithubApp(deps)
    ? await installationToken(deps, repositoryOf(path))
    : required(deps.vars, "GITHUB_TOKEN");
  return githubCall(deps, method, path, `Bearer ${token}`, body);
}

/** `/repos/{owner}/{repo}/...` -> `owner/repo`: an App's token is per installation, found by repository. */
function repositoryOf(path: string): string {
  const match = /^\/repos\/([^/]+\/[^/?]+)/.exec(path);
  if (!match) throw new BridgeError(500, "github_path_without_repository", `not a repository path: ${path}`);
  return match[1] as string;
}
