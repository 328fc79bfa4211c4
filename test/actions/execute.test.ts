import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, githubWrites, newDelivery, pushPayload, REPO, SHA } from "../helpers/github";

const admin = { authorization: "Bearer test-admin-token" };

const config = `
version: 1
rules:
  - name: train
    on: push
    if: { branches: [main] }
    action:
      create_job: { query: "print('train')", query_name: train }
    concurrency: { group: "train-{{ github.ref }}", cancel_in_progress: true }
`;

const jobs = (bridge: ReturnType<typeof bridgeFixture>) => [...bridge.emulator.world.jobs.values()];

describe("executing a create_job action", () => {
  it("creates the job once after Studio fails twice and recovers", async () => {
    const bridge = bridgeFixture({ config });
    await bridge.control("/faults", { kind: "error", count: 2, method: "POST", path: "/datachain/jobs/" });
    await deliver(bridge, "push", pushPayload());
    const drained = await bridge.drainQueue();
    expect(drained.retried).toBe(2);
    expect(jobs(bridge)).toHaveLength(1);
    expect(githubWrites(bridge, "/statuses/")).toHaveLength(1);
  });

  it("does not double the job when Studio created it but the answer was lost", async () => {
    const bridge = bridgeFixture({ config });
    await bridge.control("/faults", {
      kind: "error",
      count: 1,
      method: "POST",
      path: "/datachain/jobs/",
      phase: "after",
    });
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();
    expect(jobs(bridge)).toHaveLength(1);
    expect(jobs(bridge)[0]?.environment.STUDIO_BRIDGE_ACTION_ID).toMatch(/^gh:.+:train$/);
  });

  it("files a dead letter, visible in the admin API, when Studio stays down past every retry", async () => {
    const bridge = bridgeFixture({ config });
    await bridge.control("/faults", { kind: "error", method: "POST", path: "/datachain/jobs/" });
    const delivery = newDelivery();
    await deliver(bridge, "push", pushPayload(), { delivery });
    await bridge.drainQueue();
    expect(jobs(bridge)).toHaveLength(0);
    const listed = (await (await bridge.app.request("/api/dead-letters", { headers: admin }, bridge.env)).json()) as {
      dead_letters: { id: string; attempts: number }[];
    };
    expect(listed.dead_letters).toMatchObject([{ id: `gh:${delivery}:train`, attempts: 6 }]);
  });

  it("does nothing the second time the same action arrives (a duplicate queue message)", async () => {
    const bridge = bridgeFixture({ config });
    await deliver(bridge, "push", pushPayload());
    const [message] = bridge.queue.sent;
    await bridge.drainQueue();
    await bridge.queue.send(structuredClone(message) as NonNullable<typeof message>);
    await bridge.drainQueue();
    expect(jobs(bridge)).toHaveLength(1);
    expect(githubWrites(bridge, "/statuses/")).toHaveLength(1);
  });

  it("cancels the previous push's job in the same concurrency group", async () => {
    const bridge = bridgeFixture({ config });
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();
    await bridge.advance(1);
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();
    const [first, second] = jobs(bridge);
    expect(first?.status).toMatch(/^CANCEL/);
    expect(second?.status).not.toMatch(/^CANCEL/);
  });

  it("reads query_file and files from the repository at the commit and uploads the files", async () => {
    const bridge = bridgeFixture({
      config: `
version: 1
rules:
  - name: from-repo
    on: push
    action:
      create_job:
        query_file: pipelines/train.py
        files: [configs/params.yaml]
`,
    });
    bridge.emulator.githubFiles.set(`${REPO}@${SHA}:pipelines/train.py`, "print('from the repository')\n");
    bridge.emulator.githubFiles.set(`${REPO}@${SHA}:configs/params.yaml`, "lr: 0.01\n");
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();
    const [job] = jobs(bridge);
    expect(job?.query).toBe("print('from the repository')\n");
    expect(job?.files).toHaveLength(1);
    expect(bridge.emulator.world.uploads.size).toBe(1);
  });

  it("dead-letters a job whose query file is missing at the commit, without retrying", async () => {
    const bridge = bridgeFixture({
      config: `
version: 1
rules:
  - name: from-repo
    on: push
    action:
      create_job: { query_file: pipelines/missing.py }
`,
    });
    await deliver(bridge, "push", pushPayload());
    const drained = await bridge.drainQueue();
    expect(drained.retried).toBe(0);
    expect(jobs(bridge)).toHaveLength(0);
  });
});

describe("executing a trigger_pipeline action", () => {
  it("does not trigger twice when Studio started the pipeline but the answer was lost", async () => {
    const bridge = bridgeFixture({
      config: `
version: 1
rules:
  - name: rebuild
    on: push
    action: { trigger_pipeline: { dataset: "@acme.models.weights@1.0.0" } }
`,
    });
    await bridge.control("/faults", { kind: "error", count: 1, path: "/pipeline/trigger", phase: "after" });
    await deliver(bridge, "push", pushPayload());
    const drained = await bridge.drainQueue();
    expect(drained.retried).toBe(1);
    expect(bridge.emulator.world.pipelines.size).toBe(1);
  });
});

describe("executing a cancel_jobs action", () => {
  it("cancels every active job the named rule started", async () => {
    const bridge = bridgeFixture({
      config: `
version: 1
rules:
  - name: train
    on: push
    if: { branches: [main] }
    action: { create_job: { query: "print('train')" } }
  - name: stop-training
    on: push
    if: { branches: [stop] }
    action: { cancel_jobs: { rule: train } }
`,
    });
    await deliver(bridge, "push", pushPayload());
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();
    await deliver(bridge, "push", pushPayload({ ref: "refs/heads/stop" }));
    await bridge.drainQueue();
    expect(jobs(bridge).map((job) => job.status)).toEqual([
      expect.stringMatching(/^CANCEL/),
      expect.stringMatching(/^CANCEL/),
    ]);
  });
});
