import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, newDelivery, pushPayload } from "../helpers/github";
import { commandForm, sendSigned } from "../helpers/slack";
import { rawStudio } from "../helpers/studio";
import { connectStudioWebhooks, tick } from "../helpers/tracking";
import { actionOutcome, duplicateNotifications, jobsPerAction } from "./tally";

/**
 * The chaos run in small: ~100 deliveries while Studio fails 30% of requests with 5xx, 10% with 429 and
 * drops 5% of connections (half of them after the job was created), then the queue drained attempt by
 * attempt and the cron run. Judged from the emulator's records: no action lost or doubled, no change
 * notified twice, and what ran out of retries replays once the faults stop. `npm run chaos` is the full run
 * against real processes.
 */
const CONFIG = `
version: 1
notify: [log]
rules:
  - name: train
    on: push
    if: { branches: [main] }
    action:
      create_job:
        query: "print('training')"
        query_name: "train-{{ github.sha }}"
slack:
  mutating: { users: [U_ADMIN] }
  recipes:
    - name: retrain
      params: [{ name: MODEL }]
      job:
        query: "print('retrain')"
        query_name: "retrain-{{ params.MODEL }}"
`;

/** Rates of each fault among all requests: later faults only see what earlier ones let through. */
const FAULTS = [
  { kind: "error", rate: 0.3, status: 503 },
  { kind: "rate_limit", rate: 0.1 / 0.7, retry_after_seconds: 2 },
  { kind: "drop", rate: 0.025 / 0.6, phase: "before" },
  { kind: "drop", rate: 0.025 / 0.575, phase: "after" },
];

const admin = { authorization: "Bearer test-admin-token" };

describe("chaos: Studio failing while deliveries arrive", () => {
  it("loses no action, doubles none, notifies each change once and replays what ran out of retries", async () => {
    const bridge = bridgeFixture({ config: CONFIG });
    connectStudioWebhooks(bridge);
    for (const fault of FAULTS) expect((await bridge.control("/faults", fault)).status).toBeLessThan(300);

    let events = 0;
    for (let index = 0; index < 60; index++) {
      const delivery = newDelivery();
      const sha = index.toString(16).padStart(40, "0");
      const payload = { ...pushPayload(), after: sha, head_commit: { ...pushPayload().head_commit, id: sha } };
      expect((await deliver(bridge, "push", payload, { delivery })).status).toBeLessThan(500);
      events += 1;
      // GitHub's "Redeliver": the same delivery id again.
      if (index % 10 === 0) expect((await deliver(bridge, "push", payload, { delivery })).status).toBe(200);
    }
    for (let index = 0; index < 30; index++) {
      const form = commandForm(`run retrain MODEL=m${index}`, { trigger: `chaos-${index}` });
      expect((await sendSigned(bridge, "/slack/commands", form)).status).toBe(200);
      events += 1;
      // Slack retries a command it thinks timed out, with X-Slack-Retry-Num.
      if (index % 3 === 0) {
        const retry = await sendSigned(bridge, "/slack/commands", form, { headers: { "x-slack-retry-num": "1" } });
        expect(retry.status).toBe(200);
      }
    }
    await bridge.drainQueue({ maxRounds: 8 });
    for (let minute = 0; minute < 4; minute++) {
      await tick(bridge, 30);
      await bridge.drainQueue({ maxRounds: 8 });
    }

    // A full outage of job creation: these pushes use up every attempt and land in the dead letters.
    await bridge.control("/faults", { kind: "error", rate: 1, path: "/datachain/jobs", method: "POST" });
    for (let index = 60; index < 65; index++) {
      const sha = index.toString(16).padStart(40, "0");
      const payload = { ...pushPayload(), after: sha, head_commit: { ...pushPayload().head_commit, id: sha } };
      expect((await deliver(bridge, "push", payload)).status).toBe(202);
      events += 1;
    }
    await bridge.drainQueue({ maxRounds: 8 });
    const accepted = new Set(
      bridge.queue.sent.flatMap((message) => (message.type === "action" ? [message.action.id] : [])),
    );
    expect(accepted.size).toBe(95);

    // The faults stop; whatever ran out of retries is replayed from the admin API.
    expect((await bridge.control("/faults", undefined, "DELETE")).status).toBeLessThan(300);
    const listed = (await (await bridge.app.request("/api/dead-letters", { headers: admin }, bridge.env)).json()) as {
      dead_letters: { id: string }[];
    };
    expect(listed.dead_letters.length).toBeGreaterThanOrEqual(5);
    for (const letter of listed.dead_letters) {
      const replay = await bridge.app.request(
        `/api/dead-letters/${encodeURIComponent(letter.id)}/replay`,
        { method: "POST", headers: admin },
        bridge.env,
      );
      expect(replay.status).toBe(202);
    }
    await bridge.drainQueue();
    for (let minute = 0; minute < 4; minute++) {
      await tick(bridge, 30);
      await bridge.drainQueue();
    }

    expect(bridge.emulator.faults.fired.error).toBeGreaterThan(0);
    const jobs = jobsPerAction([...bridge.emulator.world.jobs.values()]);
    expect(actionOutcome(accepted, jobs)).toEqual({ duplicates: 0, lost: 0 });
    expect(jobs.size).toBe(accepted.size);
    const notified = bridge.log.lines
      .filter((line) => line.event === "notification")
      .map((line) => ({ notifier: "log", run: String(line.run), change: String(line.change) }));
    expect(notified.length).toBeGreaterThan(accepted.size);
    expect(duplicateNotifications(notified)).toBe(0);
    expect(bridge.log.lines.filter((line) => line.event === "internal_error")).toEqual([]);
    expect(events).toBe(95);
  }, 120_000);
});

describe("a job created while its answer was lost", () => {
  it("is found by the retry even when a burst of other jobs came in between", async () => {
    const bridge = bridgeFixture({ config: CONFIG });
    await bridge.control("/faults", {
      kind: "drop",
      phase: "after",
      path: "/datachain/jobs",
      method: "POST",
      count: 1,
    });
    expect((await deliver(bridge, "push", pushPayload())).status).toBe(202);
    // The first attempt creates the job but never hears back; the queue will retry it later.
    await bridge.drainQueue({ maxRounds: 1 });
    expect(bridge.emulator.world.jobs.size).toBe(1);
    for (let index = 0; index < 150; index++) {
      await bridge.advance(1);
      const response = await rawStudio(bridge.emulator, "/datachain/jobs/", {
        json: { team_name: "dev-team", query: "print(1)", query_name: `burst-${index}` },
      });
      expect(response.status).toBeLessThan(300);
    }
    await bridge.drainQueue();
    const [action] = bridge.queue.sent.flatMap((message) => (message.type === "action" ? [message.action.id] : []));
    expect(jobsPerAction([...bridge.emulator.world.jobs.values()]).get(action as string)).toBe(1);
  });
});
