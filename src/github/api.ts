import { required } from "../config/env";
import type { Deps } from "../deps";
import { BridgeError } from "../errors";

/**
 * One call to the GitHub REST API with `GITHUB_TOKEN` (https://docs.github.com/rest). Throws a BridgeError
 * that the queue retries on 5xx and rate limits, and files as permanent otherwise.
 */
export async function githubRequest(deps: Deps, method: string, path: string, body?: unknown): Promise<unknown> {
  const token = required(deps.vars, "GITHUB_TOKEN");
  const response = await deps.fetch(`${deps.vars.GITHUB_API_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/vnd.github+json",
      "user-agent": "studio-bridge",
      "x-github-api-version": "2022-11-28",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    // GitHub signals secondary rate limits with 403 as well as 429.
    const retryable = response.status >= 500 || response.status === 429 || response.status === 403;
    throw new BridgeError(
      retryable ? 502 : 422,
      "github_request_failed",
      `GitHub answered ${response.status} to ${method} ${path.split("?")[0]}`,
    );
  }
  return response.status === 204 ? undefined : response.json();
}
