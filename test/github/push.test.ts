import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, githubWrites, newDelivery, pushPayload, REPO, SHA } from "../helpers/github";

const config = `
version: 1
rules:
  - name: train-on-main
    on: push
    if:
      branches: [main]
      paths: ["src/**", "!src/**/*.md"]
    action:
      create_job:
        query: "print('training at {{ github.sha }}')"
        query_name: "train-{{ github.ref_name }}"
        environment: { GIT_SHA: "{{ github.sha }}" }
  - name: publish-tag
    on: push
    if: { tags: ["v*"] }
    action:
      trigger_pipeline: { dataset: "@acme.models.weights" }
`;

describe("a push", () => {
  it("to main creates one Studio job with the templates filled, and a pending commit status", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload());
    expect(response.status).toBe(202);
    await bridge.drainQueue();
    const jobs = [...bridge.emulator.world.jobs.values()];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: "train-main", query: `print('training at ${SHA}')` });
    expect(jobs[0]?.environment.GIT_SHA).toBe(SHA);
    const [status] = githubWrites(bridge, `/repos/${REPO}/statuses/${SHA}`);
    expect(status?.body).toMatchObject({
      state: "pending",
      context: "studio-bridge/train-on-main",
      target_url: jobs[0]?.url,
    });
  });

  it("records a tracked run naming the event, rule and commit", async () => {
    const bridge = bridgeFixture({ config });
    const delivery = newDelivery();
    await deliver(bridge, "push", pushPayload(), { delivery });
    await bridge.drainQueue();
    const [job] = [...bridge.emulator.world.jobs.values()];
    const run = await bridge.deps().runs.get(`job:${job?.id}`);
    expect(run).toMatchObject({
      rule: "train-on-main",
      action_id: `gh:${delivery}:train-on-main`,
      origin: { kind: "github", delivery, repository: REPO, sha: SHA, sender: "ada", ref: "refs/heads/main" },
      notify: ["log"],
    });
  });

  it("redelivered with the same X-GitHub-Delivery answers duplicate and creates no second job", async () => {
    const bridge = bridgeFixture({ config });
    const delivery = newDelivery();
    await deliver(bridge, "push", pushPayload(), { delivery });
    const again = await deliver(bridge, "push", pushPayload(), { delivery });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate" });
    await bridge.drainQueue();
    expect(bridge.queue.sent).toHaveLength(1);
    expect(bridge.emulator.world.jobs.size).toBe(1);
  });

  it("to another branch triggers nothing and says why", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload({ ref: "refs/heads/feature/x" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "no_match",
      decisions: [
        { rule: "train-on-main", matched: false, reason: "branch feature/x not in [main]" },
        { rule: "publish-tag", matched: false, reason: "branch feature/x, but the rule filters tags only" },
      ],
    });
  });

  it("touching only excluded paths triggers nothing", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload({ files: ["src/README.md", "docs/x.py"] }));
    expect(await response.json()).toMatchObject({ status: "no_match" });
  });

  it("of a tag triggers the tag rule's pipeline", async () => {
    const bridge = bridgeFixture({ config });
    await deliver(bridge, "push", pushPayload({ ref: "refs/tags/v2.0.0" }));
    await bridge.drainQueue();
    expect(bridge.emulator.world.pipelines.size).toBe(1);
    expect(bridge.emulator.world.jobs.size).toBe(0);
  });

  it("that deletes a branch triggers nothing", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload({ deleted: true }));
    expect(await response.json()).toMatchObject({
      status: "no_match",
      decisions: [{ reason: "the push deleted refs/heads/main" }, { reason: "the push deleted refs/heads/main" }],
    });
  });

  it("whose head commit says [skip ci] triggers nothing", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload({ message: "Fix typo [skip ci]" }));
    expect(await response.json()).toMatchObject({
      decisions: [{ matched: false, reason: 'the head commit message contains "[skip ci]"' }, {}],
    });
  });

  it("by a bot triggers nothing, so the bridge never loops", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "push", pushPayload({ sender: "dependabot[bot]" }));
    expect(await response.json()).toMatchObject({
      decisions: [{ matched: false, reason: "sender dependabot[bot] is a bot (allow_bots is off)" }, {}],
    });
  });

  it("with a commit message holding {{ ... }} keeps it literal", async () => {
    const bridge = bridgeFixture({
      config: `
version: 1
rules:
  - name: echo
    on: push
    action:
      create_job: { query: "print('{{ github.ref_name }}')" }
`,
    });
    await deliver(bridge, "push", pushPayload({ ref: "refs/heads/{{ github.sha }}" }));
    await bridge.drainQueue();
    expect([...bridge.emulator.world.jobs.values()][0]?.query).toBe("print('{{ github.sha }}')");
  });
});
