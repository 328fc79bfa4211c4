import { createHmac, randomBytes, randomUUID } from "node:crypto";

/** Secrets the harness gives every server, fresh per run; they never leave loopback. */
export interface BenchSecrets {
  GITHUB_WEBHOOK_SECRET: string;
  SLACK_SIGNING_SECRET: string;
  SLACK_BOT_TOKEN: string;
  STUDIO_WEBHOOK_SECRET: string;
}

export const randomSecret = () => randomBytes(24).toString("hex");

export function freshSecrets(): BenchSecrets {
  return {
    GITHUB_WEBHOOK_SECRET: randomSecret(),
    SLACK_SIGNING_SECRET: randomSecret(),
    SLACK_BOT_TOKEN: `xoxb-bench-${randomSecret()}`,
    STUDIO_WEBHOOK_SECRET: randomSecret(),
  };
}

/** The bridge's vars for a run: the secrets, and the Studio emulator at `studio` as Studio, GitHub and Slack. */
export function bridgeVars(secrets: BenchSecrets, studio: string) {
  return {
    ...secrets,
    DATACHAIN_STUDIO_URL: studio,
    DATACHAIN_STUDIO_TOKEN: "dev-token",
    DATACHAIN_STUDIO_TEAM: "dev-team",
    GITHUB_API_URL: `${studio}/github`,
    SLACK_API_URL: `${studio}/slack/api`,
    GITHUB_TOKEN: `bench-github-${randomSecret()}`,
    BRIDGE_ADMIN_TOKEN: randomSecret(),
  };
}

/** One request as autocannon sends it. */
export interface SignedRequest {
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");
/** A stable 40-hex commit sha for a seed. */
const sha = (seed: number) => hmac("sha", String(seed)).slice(0, 40);

const repository = {
  id: 512_000_001,
  node_id: "R_kgDOHmQ9bQ",
  name: "cats-model",
  full_name: "acme-data/cats-model",
  private: true,
  owner: { name: "acme-data", login: "acme-data", id: 90_001, type: "Organization", site_admin: false },
  html_url: "https://github.com/acme-data/cats-model",
  description: "Training code for the cats classifier",
  fork: false,
  url: "https://github.com/acme-data/cats-model",
  created_at: 1_700_000_000,
  updated_at: "2026-12-01T10:00:00Z",
  pushed_at: 1_764_800_000,
  git_url: "git://github.com/acme-data/cats-model.git",
  ssh_url: "git@github.com:acme-data/cats-model.git",
  clone_url: "https://github.com/acme-data/cats-model.git",
  size: 2048,
  stargazers_count: 12,
  watchers_count: 12,
  language: "Python",
  default_branch: "main",
  master_branch: "main",
  visibility: "private",
  topics: ["datachain", "ml"],
};

/**
 * A signed GitHub `push` to main touching `src/**`, so the sample rule `train-on-main` matches. Realistic shape
 * (repository, pusher, sender, five commits with file lists) and about 8 KB, the size the issue asks for.
 * The body and its signature are fixed; X-GitHub-Delivery is fresh per request, since the bridge dedupes on it.
 */
export function githubPush(secrets: BenchSecrets): () => SignedRequest {
  const author = { name: "Ada Lovelace", email: "ada@acme.example", username: "ada" };
  const commits = Array.from({ length: 5 }, (_, index) => ({
    id: sha(index),
    tree_id: sha(index + 100),
    distinct: true,
    message: `Tune the augmentation pipeline, step ${index + 1}\n\nLower the learning rate and add random crops.`,
    timestamp: `2026-12-04T1${index}:00:00Z`,
    url: `https://github.com/acme-data/cats-model/commit/${sha(index)}`,
    author,
    committer: author,
    added: [`src/augment/step_${index}.py`],
    removed: [],
    modified: ["src/train.py", "src/model/resnet.py", `configs/run_${index}.yaml`, "README.md"],
  }));
  const head = commits[commits.length - 1];
  let body = JSON.stringify({
    ref: "refs/heads/main",
    before: sha(999),
    after: head?.id,
    repository,
    pusher: { name: "ada", email: "ada@acme.example" },
    organization: { login: "acme-data", id: 90_001, url: "https://api.github.com/orgs/acme-data" },
    sender: { login: "ada", id: 4_242, type: "User", site_admin: false, html_url: "https://github.com/ada" },
    installation: { id: 31_337, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMzEzMzc=" },
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/acme-data/cats-model/compare/${sha(999).slice(0, 12)}...${head?.id.slice(0, 12)}`,
    commits,
    head_commit: head,
  });
  // Pad the repository description up to ~8 KB, as real pushes carry many more URL fields than kept above.
  const padding = Math.max(0, 8 * 1024 - body.length);
  body = body.replace(
    '"Training code for the cats classifier"',
    JSON.stringify(`Training code ${"x".repeat(padding)}`),
  );
  const signature = `sha256=${hmac(secrets.GITHUB_WEBHOOK_SECRET, body)}`;
  return () => ({
    method: "POST",
    path: "/webhooks/github",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": "push",
      "x-github-delivery": randomUUID(),
      "x-github-hook-id": "424242",
      "x-hub-signature-256": signature,
    },
    body,
  });
}

/**
 * A signed Slack slash command `/datachain jobs` (form-encoded, Slack v0 signature over `v0:{ts}:{body}`),
 * with a fresh timestamp and a unique trigger_id per request, as Slack sends them.
 */
export function slackJobs(secrets: BenchSecrets, responseUrl: string): () => SignedRequest {
  return () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = new URLSearchParams({
      token: "deprecated-verification-token",
      team_id: "T0BENCH",
      team_domain: "acme-data",
      channel_id: "C0BENCH",
      channel_name: "ml-runs",
      user_id: "U0ADA",
      user_name: "ada",
      command: "/datachain",
      text: "jobs",
      api_app_id: "A0BENCH",
      is_enterprise_install: "false",
      response_url: responseUrl,
      trigger_id: `${Date.now()}.${randomUUID()}`,
    }).toString();
    return {
      method: "POST",
      path: "/slack/commands",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": `v0=${hmac(secrets.SLACK_SIGNING_SECRET, `v0:${timestamp}:${body}`)}`,
      },
      body,
    };
  };
}

/** A signed Studio team webhook `{"action": "job_status", "job": {...}}` for a job finishing, one job per request. */
export function studioJobStatus(secrets: BenchSecrets, studioUrl: string): () => SignedRequest {
  return () => {
    const id = randomUUID();
    const body = JSON.stringify({
      action: "job_status",
      job: {
        id,
        url: `${studioUrl}/team/dev-team/datasets/jobs/${id}`,
        status: "COMPLETE",
        created_at: "2026-12-04T16:00:00Z",
        created_by: "ada",
        finished_at: "2026-12-04T16:05:00Z",
        query: 'import datachain as dc\nprint("training")\n',
        query_type: "PYTHON",
        team: "dev-team",
        name: "train-main",
        workers: 1,
        python_version: "3.12",
        requirements: null,
        repository: null,
        environment: { GIT_SHA: sha(4) },
        exit_code: 0,
        error_message: null,
      },
    });
    return {
      method: "POST",
      path: "/webhooks/studio",
      headers: {
        "content-type": "application/json",
        "x-datachain-signature-256": `sha256=${hmac(secrets.STUDIO_WEBHOOK_SECRET, body)}`,
      },
      body,
    };
  };
}
