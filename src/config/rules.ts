import { z } from "zod";

/**
 * Rules: which GitHub event (or schedule) starts which Studio action. See docs/github.md, "Rules", for the
 * full reference. Descriptions here become the configuration reference and editor hints.
 */

/** A glob list; an entry starting with `!` excludes (GitHub Actions' `on:` filter syntax). */
export const GlobList = z.array(z.string().min(1)).min(1);

const globs = (what: string) =>
  GlobList.optional().describe(`${what}: globs, \`!\` to exclude, later patterns override earlier ones`);

export const RuleFilters = z
  .object({
    repositories: globs("Repositories as owner/name"),
    branches: globs("Branches pushed to (pull_request: the head branch)"),
    tags: globs("Tags pushed"),
    paths: globs("Changed files; at least one must match"),
    types: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("pull_request or release actions, e.g. opened, synchronize, closed, published"),
    base_branches: globs("Pull request target branches"),
    labels: z.array(z.string().min(1)).min(1).optional().describe("Pull request labels; one must be present"),
    senders: globs("GitHub logins that caused the event"),
    allow_bots: z
      .boolean()
      .default(false)
      .describe("Also fire for bot senders; off by default so the bridge never triggers itself"),
    merged: z.boolean().optional().describe("Closed pull requests: true only merged ones, false only unmerged ones"),
  })
  .strict();

export const RuleEvent = z
  .enum(["push", "pull_request", "release", "issue_comment", "schedule"])
  .describe("The GitHub event (or schedule) the rule listens to");
export type RuleEvent = z.infer<typeof RuleEvent>;
