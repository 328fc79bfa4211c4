import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, githubWrites, PR_HEAD_SHA, pullRequestPayload, REPO } from "../helpers/github";

const config = `
version: 1
rules:
  - name: eval-pr
    on: pull_request
    if:
      base_branches: [main]
      labels: [run-eval]
    action:
      create_job:
        query: "print('PR {{ github.pr_number }} {{ github.head_ref }} -> {{ github.base_ref }}')"
    concurrency: { group: "pr-{{ github.pr_number }}", cancel_in_progress: true }
  - name: after-merge
    on: pull_request
    if: { types: [closed], merged: true }
    action:
      trigger_pipeline: { dataset: "@acme.models.weights@1.0.0" }
  - name: stop-on-close
    on: pull_request
    if: { types: [closed], merged: false }
    action:
      cancel_jobs: { concurrency_group: "pr-{{ github.pr_number }}" }
  - name: docs-only
    on: pull_request
    if: { paths: ["docs/**"] }
    action:
      create_job: { query: "print('docs')" }
`;

const decisionsOf = async (response: Response) =>
  ((await response.json()) as { decisions: { rule: string; matched: boolean; reason: string }[] }).decisions;

describe("a pull request", () => {
  it("opened against main with the label runs the evaluation at the head commit", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "pull_request", pullRequestPayload({ labels: ["run-eval"] }));
    expect(response.status).toBe(202);
    await bridge.drainQueue();
    const [job] = [...bridge.emulator.world.jobs.values()];
    expect(job?.query).toBe("print('PR 42 feature/bigger -> main')");
    const [status] = githubWrites(bridge, `/repos/${REPO}/statuses/${PR_HEAD_SHA}`);
    expect(status?.body).toMatchObject({ state: "pending", context: "studio-bridge/eval-pr" });
  });

  it("without the label does not run, and says which labels it lacked", async () => {
    const bridge = bridgeFixture({ config });
    const decisions = await decisionsOf(await deliver(bridge, "pull_request", pullRequestPayload({ labels: ["wip"] })));
    expect(decisions[0]).toEqual({
      rule: "eval-pr",
      matched: false,
      reason: "labels [wip] include none of [run-eval]",
    });
  });

  it("against another base branch does not run", async () => {
    const bridge = bridgeFixture({ config });
    const payload = pullRequestPayload({ labels: ["run-eval"], base: "release/1.x" });
    expect((await decisionsOf(await deliver(bridge, "pull_request", payload)))[0]?.reason).toBe(
      "base branch release/1.x not in [main]",
    );
  });

  it("edited is not one of the default types (opened, synchronize, reopened)", async () => {
    const bridge = bridgeFixture({ config });
    const payload = pullRequestPayload({ action: "edited", labels: ["run-eval"] });
    expect((await decisionsOf(await deliver(bridge, "pull_request", payload)))[0]?.reason).toBe(
      "action edited not in types [opened, synchronize, reopened]",
    );
  });

  it("merged triggers the pipeline rule and not the cancel rule", async () => {
    const bridge = bridgeFixture({ config });
    const payload = pullRequestPayload({ action: "closed", merged: true });
    const decisions = await decisionsOf(await deliver(bridge, "pull_request", payload));
    expect(decisions.filter((d) => d.matched).map((d) => d.rule)).toEqual(["after-merge"]);
    expect(decisions[2]?.reason).toBe("the pull request was merged");
    await bridge.drainQueue();
    expect(bridge.emulator.world.pipelines.size).toBe(1);
  });

  it("closed without merging cancels the job its evaluation started", async () => {
    const bridge = bridgeFixture({ config });
    await deliver(bridge, "pull_request", pullRequestPayload({ labels: ["run-eval"] }));
    await bridge.drainQueue();
    await deliver(bridge, "pull_request", pullRequestPayload({ action: "closed", merged: false }));
    await bridge.drainQueue();
    const [job] = [...bridge.emulator.world.jobs.values()];
    expect(job?.status).toMatch(/^CANCEL/);
  });

  it("filters paths on the files GitHub lists for the pull request", async () => {
    const bridge = bridgeFixture({ config });
    bridge.emulator.githubPulls.set(`${REPO}#42`, {
      repository: REPO,
      number: 42,
      head: { ref: "feature/bigger", sha: PR_HEAD_SHA },
      base: { ref: "main" },
      files: ["docs/guide.md"],
    });
    const decisions = await decisionsOf(await deliver(bridge, "pull_request", pullRequestPayload()));
    expect(decisions[3]).toMatchObject({ rule: "docs-only", matched: true });
  });
});
