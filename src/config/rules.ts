import { z } from "zod";

/**
 * Rules: which GitHub event (or schedule) starts which Studio action. See docs/github.md, "Rules", for the
 * full reference.
 */

/** A glob list; an entry starting with `!` excludes (GitHub Actions' `on:` filter syntax). */
export const GlobList = z.array(z.string().min(1)).min(1);

export const RuleFilters = z
  .object({
    repositories: GlobList.optional(),
    branches: GlobList.optional(),
    tags: GlobList.optional(),
    paths: GlobList.optional(),
    /** pull_request actions, e.g. opened, synchronize, closed. */
    types: z.array(z.string().min(1)).min(1).optional(),
    base_branches: GlobList.optional(),
    labels: z.array(z.string().min(1)).min(1).optional(),
    senders: GlobList.optional(),
    /** Bots are ignored unless a rule opts in, so the bridge never triggers itself. */
    allow_bots: z.boolean().default(false),
    /** A merged pull request only (on `pull_request` closed). */
    merged: z.boolean().optional(),
  })
  .strict();

export const RuleEvent = z.enum(["push", "pull_request", "release", "issue_comment", "schedule"]);
export type RuleEvent = z.infer<typeof RuleEvent>;
