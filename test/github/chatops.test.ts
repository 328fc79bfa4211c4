import { beforeEach, describe, expect, it } from "vitest";
import { type BridgeFixture, bridgeFixture } from "../helpers/bridge";
import { deliver, githubWrites, issueCommentPayload, PR_HEAD_SHA, REPO } from "../helpers/github";

const config = `
version: 1
rules:
  - name: eval-pr
    on: pull_request
    action:
      create_job:
        query: "print('eval {{ github.sha }} of PR {{ github.pr_number }}')"
github:
  chatops:
    users: [release-captain]
`;

let bridge: BridgeFixture;
beforeEach(() => {
  bridge = bridgeFixture({ config });
  bridge.emulator.githubPulls.set(`${REPO}#42`, {
    repository: REPO,
    number: 42,
    head: { ref: "feature/bigger", sha: PR_HEAD_SHA },
    base: { ref: "main" },
  });
});

const reactions = () => githubWrites(bridge, "/issues/comments/777/reactions").map((r) => r.body);

describe("a pull request comment", () => {
  it("/datachain run from a writer reacts, answers once and edits that answer with the job", async () => {
    bridge.emulator.githubPermissions.set("ada", "write");
    const response = await deliver(bridge, "issue_comment", issueCommentPayload({ body: "/datachain run eval-pr" }));
    expect(response.status).toBe(202);
    expect(reactions()).toEqual([{ content: "eyes" }]);
    const [answer] = githubWrites(bridge, `/repos/${REPO}/issues/42/comments`);
    expect(answer?.body).toMatchObject({ body: expect.stringContaining("Running `eval-pr`") });
    await bridge.drainQueue();
    const [job] = [...bridge.emulator.world.jobs.values()];
    expect(job?.query).toBe(`print('eval ${PR_HEAD_SHA} of PR 42')`);
    const edits = githubWrites(bridge, `/repos/${REPO}/issues/comments/`).filter((r) => r.method === "PATCH");
    expect(edits).toHaveLength(1);
    expect(edits[0]?.body).toMatchObject({ body: expect.stringContaining(job?.url as string) });
    const run = await bridge.deps().runs.get(`job:${job?.id}`);
    expect(run?.origin).toMatchObject({ kind: "github", sha: PR_HEAD_SHA, pull_request: 42 });
    // Tracking edits the same comment later: the run carries the id of the one that was edited.
    const commentId = run?.origin.kind === "github" ? run.origin.comment_id : undefined;
    expect(edits[0]?.path).toBe(`/github/repos/${REPO}/issues/comments/${commentId}`);
  });

  it("/datachain run from a reader is refused with a thumbs-down and nothing runs", async () => {
    const response = await deliver(bridge, "issue_comment", issueCommentPayload({ body: "/datachain run eval-pr" }));
    expect(response.status).toBe(200);
    expect(reactions()).toEqual([{ content: "-1" }]);
    expect(bridge.queue.sent).toEqual([]);
  });

  it("/datachain run from an allowlisted user runs without asking GitHub for permissions", async () => {
    const payload = issueCommentPayload({ body: "/datachain run eval-pr", sender: "release-captain" });
    expect((await deliver(bridge, "issue_comment", payload)).status).toBe(202);
  });

  it("/datachain run with an unknown rule lists the rules", async () => {
    bridge.emulator.githubPermissions.set("ada", "admin");
    await deliver(bridge, "issue_comment", issueCommentPayload({ body: "/datachain run nope" }));
    const [answer] = githubWrites(bridge, `/repos/${REPO}/issues/42/comments`);
    expect(answer?.body).toEqual({ body: expect.stringContaining("There is no rule `nope` to run.") });
    expect(bridge.queue.sent).toEqual([]);
  });

  it("/datachain help answers with the usage", async () => {
    await deliver(bridge, "issue_comment", issueCommentPayload({ body: "/datachain help" }));
    const [answer] = githubWrites(bridge, `/repos/${REPO}/issues/42/comments`);
    expect(answer?.body).toEqual({ body: "Usage: `/datachain run <rule>`. Rules: `eval-pr`." });
  });

  it("an ordinary comment, or one on an issue, is ignored without a word", async () => {
    await deliver(bridge, "issue_comment", issueCommentPayload({ body: "LGTM" }));
    await deliver(bridge, "issue_comment", issueCommentPayload({ body: "/datachain help", onPullRequest: false }));
    expect(bridge.emulator.sinks.records.github).toEqual([]);
  });
});
