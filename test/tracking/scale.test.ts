import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { jobView } from "../../emulator/studio/jobs";
import type { NewJob } from "../../emulator/studio/world";
import type { Env } from "../../src/config/env";
import { onCron } from "../../src/scheduled";
import { bridgeFixture } from "../helpers/bridge";
import { track } from "../helpers/tracking";

/** The BRIDGE_KV binding, counting every operation the bridge makes on it. */
function countingKv(kv: KVNamespace) {
  const counts = { get: 0, put: 0, delete: 0, list: 0, getWithMetadata: 0 };
  const proxy = new Proxy(kv, {
    get(target, property: string) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (property in counts) counts[property as keyof typeof counts] += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const total = () => Object.values(counts).reduce((sum, count) => sum + count, 0);
  const writes = () => counts.put + counts.delete;
  const reset = () => {
    for (const key of Object.keys(counts)) counts[key as keyof typeof counts] = 0;
  };
  return { kv: proxy, counts, total, writes, reset };
}

const newJob = (index: number): NewJob => ({
  team: "dev-team",
  user: "dev-user",
  query: `# hang\nprint(${index})`,
  queryType: "PYTHON",
  name: `job-${index}`,
  environment: {},
  workers: 1,
  pythonVersion: null,
  requirements: null,
  repository: null,
  files: [],
  priority: 3,
  cluster: "default",
  startAfter: undefined,
  cronExpression: undefined,
  publicUrl: "http://studio.test",
});

describe("reconciling 10,000 tracked runs", () => {
  it("costs what changed, not what is tracked", async () => {
    const counting = countingKv((env as Env).BRIDGE_KV as KVNamespace);
    const fixture = bridgeFixture({ env: { BRIDGE_KV: counting.kv } });
    const { world } = fixture.emulator;
    world.outcomeRules.push({ match: "# hang", status: "COMPLETE", hang: true });
    const jobs = Array.from({ length: 10_000 }, (_, index) => world.createJob(newJob(index)));
    await fixture.advance(10); // every job RUNNING, for good
    const deps = fixture.deps();
    for (let start = 0; start < jobs.length; start += 2500) {
      await Promise.all(jobs.slice(start, start + 2500).map((job) => track(deps, { job: jobView(job) })));
    }

    // A tick where nothing changed: one Studio listing, one KV list per 1,000 runs, no writes.
    fixture.emulator.requests.clear();
    counting.reset();
    await onCron(fixture.deps(), fixture.clock.now());
    expect(fixture.emulator.requests.total).toBe(1);
    expect(counting.total()).toBeLessThanOrEqual(10);
    expect(counting.writes()).toBe(0);
    expect(fixture.queue.sent).toEqual([]);

    // Ten jobs end: each is fetched once, read once, written once (run + index), and notified once.
    for (const job of jobs.slice(0, 10)) await fixture.client.cancelJob(job.id);
    await fixture.advance(5);
    fixture.emulator.requests.clear();
    counting.reset();
    await onCron(fixture.deps(), fixture.clock.now());
    expect(fixture.emulator.requests.total).toBe(1 + 10);
    expect(counting.counts.list).toBeLessThanOrEqual(10);
    expect(counting.counts.get).toBe(10);
    expect(counting.writes()).toBe(20);
    expect(fixture.queue.sent).toHaveLength(10);
  }, 120_000);
});
