import { z } from "zod";

/** The GitHub events the bridge turns into work; anything else is acknowledged and ignored. */
export const GITHUB_EVENTS = ["push", "pull_request", "release", "issue_comment"] as const;
export const GithubEventName = z.enum(GITHUB_EVENTS);
export type GithubEventName = z.infer<typeof GithubEventName>;

/**
 * One GitHub delivery, reduced to what rules filter on and templates insert. Built by the pure
 * `normalizeEvent`; rules, the dry-run endpoint and the executor see only this, never a raw payload.
 */
export const BridgeEvent = z.object({
  name: GithubEventName,
  /** `X-GitHub-Delivery`. */
  delivery: z.string(),
  /** The payload's `action` (`opened`, `published`, `created` ...); pushes have none. */
  action: z.string().optional(),
  repository: z.string(),
  sender: z.string(),
  /** A `[bot]` login or a sender of type `Bot`. */
  sender_is_bot: z.boolean(),
  /** The commit to run at: the pushed head, the pull request head; a release's tag (its payload names no commit). */
  sha: z.string(),
  /** `refs/heads/<branch>` or `refs/tags/<tag>`; a pull request's head branch. */
  ref: z.string(),
  ref_type: z.enum(["branch", "tag"]).optional(),
  ref_name: z.string(),
  /** A push that deleted its ref. */
  deleted: z.boolean(),
  /** The head commit's message (push), checked for skip markers. */
  commit_message: z.string().optional(),
  /** Files added, modified or removed; absent when the payload does not say (filled in for pull requests). */
  changed_files: z.array(z.string()).optional(),
  pull_request: z
    .object({
      number: z.number().int(),
      head_ref: z.string(),
      base_ref: z.string(),
      merged: z.boolean(),
      labels: z.array(z.string()),
    })
    .optional(),
  release_tag: z.string().optional(),
  comment: z
    .object({ id: z.number().int(), body: z.string(), issue: z.number().int(), on_pull_request: z.boolean() })
    .optional(),
});
export type BridgeEvent = z.infer<typeof BridgeEvent>;
