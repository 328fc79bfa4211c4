import type { Deps } from "../deps";
import { BridgeError } from "../errors";
import { githubRequest } from "./api";

/**
 * A file of the repository at a commit, through the contents API (files up to 1 MB come inline, base64):
 * https://docs.github.com/rest/repos/contents#get-repository-content
 */
export async function readRepositoryFile(deps: Deps, repository: string, path: string, ref: string): Promise<string> {
  const encodedPath = path.split("/").map(encodeURIComponent).join("/");
  const file = (await githubRequest(
    deps,
    "GET",
    `/repos/${repository}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`,
  )) as { type?: string; encoding?: string; content?: string };
  if (file.type !== "file" || file.encoding !== "base64" || typeof file.content !== "string") {
    throw new BridgeError(422, "github_file_unreadable", `${path} at ${ref} is not a file GitHub returns inline`);
  }
  const binary = atob(file.content.replace(/\s/g, ""));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}
