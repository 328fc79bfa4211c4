import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, githubWrites, releasePayload } from "../helpers/github";

const config = `
version: 1
rules:
  - name: release-build
    on: release
    if: { tags: ["v*"] }
    action:
      trigger_pipeline: { dataset: "@acme.models.weights" }
  - name: release-notes
    on: release
    action:
      create_job: { query: "print('released {{ github.release_tag }}')" }
`;

describe("a release", () => {
  it("published triggers the pipeline and tracks it, and a job sees the tag", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "release", releasePayload({ tag: "v1.2.0" }));
    expect(response.status).toBe(202);
    await bridge.drainQueue();
    const [pipeline] = [...bridge.emulator.world.pipelines.values()];
    expect(await bridge.deps().runs.get(`pipeline:${pipeline?.pipeline_id}`)).toMatchObject({
      kind: "pipeline",
      rule: "release-build",
    });
    expect([...bridge.emulator.world.jobs.values()].map((job) => job.query)).toContain("print('released v1.2.0')");
    // A release names a tag, not a commit: no commit status can be set for it.
    expect(githubWrites(bridge, "/statuses/")).toEqual([]);
  });

  it("created (not published) triggers nothing by default", async () => {
    const bridge = bridgeFixture({ config });
    const response = await deliver(bridge, "release", releasePayload({ action: "created" }));
    expect(await response.json()).toMatchObject({
      status: "no_match",
      decisions: [{ reason: "action created not in types [published]" }, {}],
    });
  });
});
