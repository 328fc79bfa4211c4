import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../src/app";
import type { Env } from "../../src/config/env";
import { loadConfig } from "../../src/config/load";
import type { BridgeConfig } from "../../src/config/schema";
import { createDeps, type Deps } from "../../src/deps";
import type { Logger } from "../../src/log";
import { consumeBatch } from "../../src/queue/consume";
import { queueHandlers } from "../../src/queue/handlers";
import type { QueueMessage } from "../../src/queue/message";
import { type StudioFixture, studioFixture } from "./studio";

/** A Queue binding that keeps what is sent, so a test can drain it through the real consumer. */
export class RecordingQueue implements Queue<QueueMessage> {
  pending: QueueMessage[] = [];
  sent: QueueMessage[] = [];

  async send(message: QueueMessage): Promise<QueueSendResponse> {
    this.pending.push(message);
    this.sent.push(message);
    return { metadata: { metrics: { backlogCount: this.pending.length, backlogBytes: 0 } } };
  }

  async sendBatch(messages: Iterable<MessageSendRequest<QueueMessage>>): Promise<QueueSendBatchResponse> {
    for (const message of messages) await this.send(message.body);
    return { metadata: { metrics: { backlogCount: this.pending.length, backlogBytes: 0 } } };
  }

  async metrics(): Promise<QueueMetrics> {
    return { backlogCount: this.pending.length, backlogBytes: 0 };
  }
}

/** Log lines as written, for asserting what was logged (and that no secret was). */
export function recordingLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const write = (level: string) => (event: string, fields?: Record<string, unknown>) => {
    lines.push({ level, event, ...fields });
  };
  return { info: write("info"), warn: write("warn"), error: write("error"), lines };
}

export function configFrom(yaml: string): BridgeConfig {
  const result = loadConfig(yaml, "test.yaml");
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.field}: ${problem.message}`).join("\n"));
  return result.config;
}

export interface BridgeFixture extends StudioFixture {
  app: ReturnType<typeof createApp>;
  env: Env;
  queue: RecordingQueue;
  log: ReturnType<typeof recordingLogger>;
  deps(): Deps;
  /** Bodies of every response the app gave, for the secret-leak guard. */
  responses: string[];
  /** Runs every queued message through the real consumer, attempt by attempt, until the queue is empty. */
  drainQueue(options?: { maxRounds?: number }): Promise<{ acked: number; retried: number }>;
}

/**
 * The bridge wired to an in-process Studio emulator (which also serves the local GitHub and Slack sinks)
 * with real KV from workerd, a recording queue and a config given as YAML.
 */
export function bridgeFixture(options: { config?: string; env?: Partial<Env> } = {}): BridgeFixture {
  const studio = studioFixture();
  const config = configFrom(options.config ?? "version: 1\n");
  const bridgeEnv = { ...env, ...options.env } as Env;
  const queue = new RecordingQueue();
  const log = recordingLogger();
  const overrides = { fetch: studio.emulator.fetch, clock: studio.clock, config, queue, log };
  const app = createApp(overrides);
  const responses: string[] = [];
  const dispatch = app.fetch;
  // Every answer is kept (read from a clone) so the leak guard can prove no secret left in one.
  app.fetch = async (request, ...rest) => {
    const response = await dispatch(request, ...rest);
    responses.push(await response.clone().text());
    return response;
  };
  const deps = () => createDeps(bridgeEnv, config, overrides);
  const attempts = new Map<QueueMessage, number>();
  const drainQueue = async ({ maxRounds = 10 } = {}) => {
    let acked = 0;
    let retried = 0;
    for (let round = 0; round < maxRounds && queue.pending.length > 0; round++) {
      const messages = queue.pending.splice(0);
      const batch = createMessageBatch<QueueMessage>(
        "studio-bridge-actions",
        messages.map((body, index) => {
          const attempt = (attempts.get(body) ?? 0) + 1;
          attempts.set(body, attempt);
          return { id: `m${round}-${index}`, timestamp: new Date(studio.clock.now()), attempts: attempt, body };
        }),
      );
      await consumeBatch(batch, deps(), queueHandlers);
      const result = await getQueueResult(batch, createExecutionContext());
      acked += result.explicitAcks.length;
      retried += result.retryMessages.length;
      for (const retry of result.retryMessages) {
        const index = Number(retry.msgId.split("-")[1]);
        queue.pending.push(messages[index] as QueueMessage);
      }
    }
    return { acked, retried };
  };
  const fixture = { ...studio, app, env: bridgeEnv, queue, log, responses, deps, drainQueue };
  liveFixtures.push(fixture);
  return fixture;
}

/** Every fixture the running test created; the leak guard (test/security/leak-guard.ts) inspects and clears it. */
export const liveFixtures: BridgeFixture[] = [];
