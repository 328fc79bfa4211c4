import { Hono } from "hono";
import type { EmulatorClock } from "../clock";
import type { SinkLog } from "./record";

/** Files the local GitHub serves from its contents API, by `owner/repo`, ref and path. */
export type RepositoryFiles = Map<string, string>;
export const fileKey = (repository: string, ref: string, path: string) => `${repository}@${ref}:${path}`;

/** A pull request the local GitHub serves (`GET /repos/{r}/pulls/{n}` and its files), seeded through the control API. */
export interface PullRequestSeed {
  repository: string;
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string };
  labels?: string[];
  merged?: boolean;
  files?: string[];
}
export type PullRequests = Map<string, PullRequestSeed>;
export const pullKey = (repository: string, number: number) => `${repository}#${number}`;

/**
 * A local stand-in for the GitHub REST API under `/github`: contents (files seeded through the control
 * API), commit statuses, check runs, issue comments (create and edit), reactions and collaborator
 * permissions. Every write is recorded for tests (`GET /_emulator/sinks/github`).
 */
export function githubSink(
  log: SinkLog,
  clock: EmulatorClock,
  files: RepositoryFiles,
  permissions: Map<string, string>,
  pulls: PullRequests = new Map(),
): Hono {
  const github = new Hono();
  let nextId = 1000;

  github.use("*", async (c, next) => {
    if (!/^(Bearer|token) \S+/.test(c.req.header("authorization") ?? "")) {
      return c.json({ message: "Requires authentication" }, 401);
    }
    await next();
  });

  github.get("/repos/:owner/:repo/contents/*", (c) => {
    const repository = `${c.req.param("owner")}/${c.req.param("repo")}`;
    const path = decodeURIComponent(new URL(c.req.url).pathname.split("/contents/")[1] ?? "");
    const ref = c.req.query("ref") ?? "HEAD";
    const content = files.get(fileKey(repository, ref, path)) ?? files.get(fileKey(repository, "*", path));
    if (content === undefined) return c.json({ message: "Not Found" }, 404);
    const bytes = new TextEncoder().encode(content);
    return c.json({
      type: "file",
      encoding: "base64",
      size: bytes.length,
      name: path.split("/").pop(),
      path,
      content: btoa(String.fromCharCode(...bytes)),
    });
  });

  github.get("/repos/:owner/:repo/collaborators/:user/permission", (c) => {
    const permission = permissions.get(c.req.param("user")) ?? "read";
    return c.json({ permission, user: { login: c.req.param("user") } });
  });

  github.get("/repos/:owner/:repo/pulls/:number", (c) => {
    const pr = pulls.get(pullKey(`${c.req.param("owner")}/${c.req.param("repo")}`, Number(c.req.param("number"))));
    if (!pr) return c.json({ message: "Not Found" }, 404);
    return c.json({
      number: pr.number,
      state: "open",
      head: pr.head,
      base: pr.base,
      labels: (pr.labels ?? []).map((name) => ({ name })),
      merged: pr.merged ?? false,
    });
  });

  github.get("/repos/:owner/:repo/pulls/:number/files", (c) => {
    const pr = pulls.get(pullKey(`${c.req.param("owner")}/${c.req.param("repo")}`, Number(c.req.param("number"))));
    if (!pr) return c.json({ message: "Not Found" }, 404);
    const perPage = Number(c.req.query("per_page") ?? "30");
    const page = Number(c.req.query("page") ?? "1");
    const files = (pr.files ?? []).slice((page - 1) * perPage, page * perPage);
    return c.json(files.map((filename) => ({ filename, status: "modified" })));
  });

  // Every repository is installed, as installation 1, for a GitHub App.
  github.get("/repos/:owner/:repo/installation", (c) =>
    c.json({ id: 1, app_id: 1, account: { login: c.req.param("owner") } }),
  );

  github.post("/repos/:owner/:repo/statuses/:sha", async (c) => {
    const record = await log.record("github", c, clock.now());
    return c.json({ id: nextId++, ...(record.body as object), created_at: record.at }, 201);
  });

  github.post("/repos/:owner/:repo/check-runs", async (c) => {
    const record = await log.record("github", c, clock.now());
    return c.json({ id: nextId++, ...(record.body as object) }, 201);
  });

  github.patch("/repos/:owner/:repo/check-runs/:id", async (c) => {
    const record = await log.record("github", c, clock.now());
    return c.json({ id: Number(c.req.param("id")), ...(record.body as object) });
  });

  github.post("/repos/:owner/:repo/issues/:number/comments", async (c) => {
    const record = await log.record("github", c, clock.now());
    return c.json({ id: nextId++, ...(record.body as object) }, 201);
  });

  github.patch("/repos/:owner/:repo/issues/comments/:id", async (c) => {
    const record = await log.record("github", c, clock.now());
    return c.json({ id: Number(c.req.param("id")), ...(record.body as object) });
  });

  github.post("/repos/:owner/:repo/issues/comments/:id/reactions", async (c) => {
    const record = await log.record("github", c, clock.now());
    return c.json({ id: nextId++, ...(record.body as object) }, 201);
  });

  github.post("/app/installations/:id/access_tokens", async (c) => {
    await log.record("github", c, clock.now());
    return c.json({ token: `ghs_local${nextId++}`, expires_at: new Date(clock.now() + 3600_000).toISOString() }, 201);
  });

  return github;
}
