import type { Deps } from "../deps";
import { appJwt } from "./app-jwt";
import { githubCall } from "./http";

/** Installation tokens live an hour; one is reused until 5 minutes before it expires. */
const REUSE_MARGIN_MS = 5 * 60_000;
/** Per isolate: tokens never go to KV or logs. */
const tokens = new Map<string, { token: string; expiresAt: number }>();

/** Whether the bridge authenticates as a GitHub App (check runs) rather than with `GITHUB_TOKEN` (statuses). */
export function usesGithubApp(deps: Deps): boolean {
  return deps.vars.GITHUB_APP_ID !== undefined && deps.vars.GITHUB_APP_PRIVATE_KEY !== undefined;
}

/**
 * An installation access token for the repository: the App's JWT finds the installation
 * (`GET /repos/{repo}/installation`) and exchanges it for a token
 * (`POST /app/installations/{id}/access_tokens`). https://docs.github.com/rest/apps/apps
 */
export async function installationToken(deps: Deps, repository: string): Promise<string> {
  const key = `${deps.vars.GITHUB_API_URL} ${deps.vars.GITHUB_APP_ID} ${repository}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt - REUSE_MARGIN_MS > deps.clock.now()) return cached.token;
  const jwt = await appJwt(
    deps.vars.GITHUB_APP_ID as string,
    deps.vars.GITHUB_APP_PRIVATE_KEY as string,
    deps.clock.now(),
  );
  const installation = (await githubCall(deps, "GET", `/repos/${repository}/installation`, `Bearer ${jwt}`)) as {
    id: number;
  };
  const issued = (await githubCall(
    deps,
    "POST",
    `/app/installations/${installation.id}/access_tokens`,
    `Bearer ${jwt}`,
  )) as { token: string; expires_at: string };
  tokens.set(key, {
    token: issued.token,
    expiresAt: Date.parse(issued.expires_at) || deps.clock.now() + 3600_000,
  });
  return issued.token;
}
