import { describe, expect, it } from "vitest";
import { dueTimes } from "../../src/rules/schedule";
import { onCron } from "../../src/scheduled";
import { bridgeFixture } from "../helpers/bridge";

const at = (iso: string) => Date.parse(iso);
const config = `
version: 1
rules:
  - name: nightly
    on: schedule
    schedule: "0 3 * * *"
    action:
      create_job: { query: "print('rebuild for {{ schedule.due }}')" }
`;

describe("schedule due times", () => {
  it("on a first run are only the latest due time, not the history", () => {
    expect(dueTimes("0 3 * * *", undefined, at("2026-12-05T10:00:00Z"))).toEqual([at("2026-12-05T03:00:00Z")]);
  });

  it("count a tick exactly on the due time", () => {
    expect(dueTimes("0 3 * * *", at("2026-12-04T03:00:00Z"), at("2026-12-05T03:00:00Z"))).toEqual([
      at("2026-12-05T03:00:00Z"),
    ]);
  });

  it("catch up on missed days after an outage, at most five", () => {
    expect(dueTimes("0 3 * * *", at("2026-11-01T03:00:00Z"), at("2026-12-05T04:00:00Z"))).toHaveLength(5);
    expect(dueTimes("0 3 * * *", at("2026-12-03T03:00:00Z"), at("2026-12-05T04:00:00Z"))).toHaveLength(2);
  });
});

describe("the cron trigger", () => {
  it("fires a schedule rule once per due time, even when ticks overlap", async () => {
    const bridge = bridgeFixture({ config });
    await onCron(bridge.deps(), at("2026-12-01T03:00:20Z"));
    await onCron(bridge.deps(), at("2026-12-01T03:01:00Z"));
    await bridge.drainQueue();
    expect(bridge.queue.sent.map((m) => m.type === "action" && m.action.id)).toEqual([
      "schedule:nightly:2026-12-01T03:00:00.000Z",
    ]);
    const [job] = [...bridge.emulator.world.jobs.values()];
    expect(job?.query).toBe("print('rebuild for 2026-12-01T03:00:00.000Z')");
  });

  it("does not create a second job when two ticks queue the same due time", async () => {
    const bridge = bridgeFixture({ config });
    const deps = bridge.deps();
    // Overlapping ticks may both read the mark before either moves it; they queue the same action id.
    await Promise.all([onCron(deps, at("2026-12-02T03:00:10Z")), onCron(deps, at("2026-12-02T03:00:10Z"))]);
    await bridge.drainQueue();
    expect(bridge.emulator.world.jobs.size).toBe(1);
  });
});
