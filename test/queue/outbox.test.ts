import { describe, expect, it } from "vitest";
import { EVERY_FIVE_MINUTES, onCron } from "../../src/scheduled";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, pushPayload } from "../helpers/github";

const config = `
version: 1
rules:
  - name: train-on-main
    on: push
    if: { branches: [main] }
    action:
      create_job: { query: "print('train {{ github.sha }}')" }
`;

const MINUTE = 60_000;
const actionsSent = (bridge: ReturnType<typeof bridgeFixture>) =>
  bridge.queue.sent.filter((message) => message.type === "action").length;
const outboxKeys = async (bridge: ReturnType<typeof bridgeFixture>) =>
  (await bridge.deps().kv.list({ prefix: "outbox:" })).keys.map((key) => key.name);

describe("the action outbox", () => {
  it("queues again, after the redrive delay, an accepted action whose message was lost, and runs it once", async () => {
    const bridge = bridgeFixture({ config });
    expect((await deliver(bridge, "push", pushPayload())).status).toBe(202);
    // The message vanishes, as a local queue's does when wrangler dev restarts.
    bridge.queue.pending.splice(0);

    await onCron(bridge.deps(), bridge.clock.now() + 5 * MINUTE, EVERY_FIVE_MINUTES);
    expect(bridge.queue.pending).toEqual([]);
    await onCron(bridge.deps(), bridge.clock.now() + 11 * MINUTE, EVERY_FIVE_MINUTES);
    expect(bridge.queue.pending).toHaveLength(1);

    await bridge.drainQueue();
    expect(bridge.emulator.world.jobs.size).toBe(1);
    expect(await outboxKeys(bridge)).toEqual([]);
  });

  it("keeps nothing once an action ran, so later ticks send nothing", async () => {
    const bridge = bridgeFixture({ config });
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();
    const sent = actionsSent(bridge);

    await onCron(bridge.deps(), bridge.clock.now() + 60 * MINUTE, EVERY_FIVE_MINUTES);
    expect(actionsSent(bridge)).toBe(sent);
    expect(bridge.emulator.world.jobs.size).toBe(1);
  });

  it("does not redrive an action filed as a dead letter", async () => {
    const bridge = bridgeFixture({ config });
    await bridge.control("/faults", { kind: "error", status: 503 });
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();
    expect(await outboxKeys(bridge)).toEqual([]);
    const sent = actionsSent(bridge);

    await onCron(bridge.deps(), bridge.clock.now() + 60 * MINUTE, EVERY_FIVE_MINUTES);
    expect(actionsSent(bridge)).toBe(sent);
  });
});
