import type { Deps } from "../deps";
import { BridgeError } from "../errors";

/**
 * Per request. The webhook intake makes its GitHub calls (ChatOps, a pull request's files) inside GitHub's
 * 10 s delivery timeout, so one slow call must not use it all.
 */
export const GITHUB_TIMEOUT_MS = 4_000;

/**
 * One GitHub REST call with the given credentials, bounded in time. Throws a BridgeError that the queue
 * retries on 5xx, rate limits, timeouts and network errors, and files as permanent otherwise.
 */
export async function githubCall(
  deps: Deps,
  method: string,
  path: string,
  authorization: string,
  body?: unknown,
): Promise<unknown> {
  // Ids stay out of messages and logs: the route shape is enough to tell what failed.
  const label = `${method} ${path.split("?")[0]}`;
  const response = await fetchWithin(deps, label, `${deps.vars.GITHUB_API_URL}${path}`, {
    method,
    headers: {
      authorization,
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
      `GitHub answered ${response.status} to ${label}`,
    );
  }
  return response.status === 204 ? undefined : response.json();
}

/** The race does not trust the fetch to honour its abort signal (an in-process fetch may not). */
async function fetchWithin(deps: Deps, label: string, url: string, init: RequestInit): Promise<Response> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new BridgeError(504, "github_timeout", `GitHub did not answer ${label} within ${GITHUB_TIMEOUT_MS} ms`));
    }, GITHUB_TIMEOUT_MS);
  });
  try {
    return await Promise.race([deps.fetch(url, { ...init, signal: abort.signal }), timeout]);
  } catch (error) {
    if (error instanceof BridgeError) throw error;
    throw new BridgeError(502, "github_unreachable", `could not reach GitHub for ${label}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
