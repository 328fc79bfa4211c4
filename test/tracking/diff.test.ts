import { describe, expect, it } from "vitest";
import { diffRun } from "../../src/tracking/diff";
import type { Observation } from "../../src/tracking/observe";
import { TrackedRun } from "../../src/tracking/run";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const thresholds = { queued: 1800, running: 21_600 };

const run = (status: TrackedRun["status"], history: string[] = []) =>
  TrackedRun.parse({
    id: "job:j1",
    kind: "job",
    studio_id: "j1",
    team: "dev-team",
    name: "train",
    url: null,
    status,
    created_at: "2026-12-01T09:00:00Z",
    status_since: "2026-12-01T09:59:00Z",
    origin: { kind: "admin" },
    history: history.map((event) => ({ at: "2026-12-01T09:59:00Z", event, status, seen_by: "poll" })),
  });

const seen = (status: Observation["status"], changedAt: string | null = null): Observation => ({
  kind: "job",
  studio_id: "j1",
  team: "dev-team",
  name: "train",
  url: null,
  status,
  error_message: null,
  created_at: "2026-12-01T09:00:00Z",
  changed_at: changedAt,
});

describe("diffRun", () => {
  it("finds no change when the same status is seen again", () => {
    const previous = run("RUNNING", ["job.running"]);
    expect(diffRun(previous, seen("RUNNING"), NOW, thresholds, "webhook")).toEqual({
      run: previous,
      changes: [],
      changed: false,
    });
  });

  it("records a move inside a phase without announcing it again", () => {
    const diff = diffRun(run("INIT", ["job.running"]), seen("RUNNING"), NOW, thresholds, "poll");
    expect(diff.changed).toBe(true);
    expect(diff.changes).toEqual([]);
  });

  it("ignores a webhook that arrives after a newer status", () => {
    const diff = diffRun(run("RUNNING", ["job.running"]), seen("QUEUED"), NOW, thresholds, "webhook");
    expect(diff.changed).toBe(false);
  });

  it("gives the webhook and the poll the same id material for the same change", () => {
    const previous = run("RUNNING", ["job.running"]);
    const byWebhook = diffRun(previous, seen("COMPLETE", "2026-12-01T09:59:30Z"), NOW, thresholds, "webhook");
    const byPoll = diffRun(previous, seen("COMPLETE", "2026-12-01T09:59:30Z"), NOW + 5000, thresholds, "poll");
    expect(byWebhook.changes.map((change) => [change.event, change.since])).toEqual(
      byPoll.changes.map((change) => [change.event, change.since]),
    );
  });

  it("marks a run stuck once, past its threshold, and keeps at most 50 history entries", () => {
    const previous = run(
      "RUNNING",
      Array.from({ length: 50 }, () => "job.running"),
    );
    const late = NOW + thresholds.running * 1000;
    const first = diffRun(previous, seen("RUNNING"), late, thresholds, "poll");
    expect(first.changes.map((change) => change.event)).toEqual(["job.stuck"]);
    expect(first.run.history).toHaveLength(50);
    expect(diffRun(first.run, seen("RUNNING"), late + 60_000, thresholds, "poll").changed).toBe(false);
  });
});
