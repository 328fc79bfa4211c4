import { z } from "zod";

/**
 * The parts of GitHub's webhook payloads the bridge reads (https://docs.github.com/webhooks/webhook-events-and-payloads).
 * Loose objects: GitHub adds fields freely, and an unknown field must not fail a delivery.
 */
const Repository = z.looseObject({ full_name: z.string().min(1) });
const User = z.looseObject({ login: z.string().min(1), type: z.string().optional() });
const Label = z.looseObject({ name: z.string() });

const Commit = z.looseObject({
  id: z.string(),
  message: z.string(),
  added: z.array(z.string()).default([]),
  removed: z.array(z.string()).default([]),
  modified: z.array(z.string()).default([]),
});

export const PushPayload = z.looseObject({
  ref: z.string().regex(/^refs\/(heads|tags)\/.+/, "expected refs/heads/<branch> or refs/tags/<tag>"),
  after: z.string(),
  deleted: z.boolean().default(false),
  head_commit: z.looseObject({ id: z.string(), message: z.string() }).nullable().optional(),
  commits: z.array(Commit).default([]),
  repository: Repository,
  sender: User,
});

export const PullRequestPayload = z.looseObject({
  action: z.string(),
  number: z.number().int(),
  pull_request: z.looseObject({
    merged: z.boolean().nullable().optional(),
    head: z.looseObject({ ref: z.string(), sha: z.string() }),
    base: z.looseObject({ ref: z.string() }),
    labels: z.array(Label).default([]),
  }),
  repository: Repository,
  sender: User,
});

export const ReleasePayload = z.looseObject({
  action: z.string(),
  release: z.looseObject({ tag_name: z.string().min(1) }),
  repository: Repository,
  sender: User,
});

export const IssueCommentPayload = z.looseObject({
  action: z.string(),
  issue: z.looseObject({ number: z.number().int(), pull_request: z.looseObject({}).nullable().optional() }),
  comment: z.looseObject({ id: z.number().int(), body: z.string().default("") }),
  repository: Repository,
  sender: User,
});
