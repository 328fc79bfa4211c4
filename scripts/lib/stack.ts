import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, type Started, startProcess } from "./processes";

const root = resolve(import.meta.dirname, "../..");
const bin = (name: string) => join(root, "node_modules/.bin", name);

/** Secrets the end-to-end stack runs with, known to the tests that sign requests. */
export const STACK_SECRETS = {
  GITHUB_WEBHOOK_SECRET: "e2e-github-webhook-secret",
  GITHUB_TOKEN: "e2e-github-token-0000",
  SLACK_SIGNING_SECRET: "e2e-slack-signing-secret",
  SLACK_BOT_TOKEN: "xoxb-e2e-bot-token",
  STUDIO_WEBHOOK_SECRET: "e2e-studio-webhook-secret",
  BRIDGE_ADMIN_TOKEN: "e2e-admin-token",
};

export interface Stack {
  bridgeUrl: string;
  emulatorUrl: string;
  /** Stops the bridge and starts it again on the same port and local state (KV and queues persist). */
  restartBridge(): Promise<void>;
  /** Fires a Cron Trigger once (the minute one by default), as Cloudflare would. */
  tick(cron?: string): Promise<void>;
  /** Calls the emulator's control API. */
  control(path: string, body?: unknown, method?: string): Promise<unknown>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real processes: the Studio emulator server and the bridge under `wrangler dev` (workerd, local KV and
 * queues persisted to a temporary directory), each on a free loopback port.
 */
export async function startStack(): Promise<Stack> {
  const [bridgePort, emulatorPort, inspectorPort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), "studio-bridge-e2e-"));
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const bridgeUrl = `http://127.0.0.1:${bridgePort}`;
  const vars = {
    DATACHAIN_STUDIO_URL: emulatorUrl,
    DATACHAIN_STUDIO_TOKEN: "dev-token",
    DATACHAIN_STUDIO_TEAM: "dev-team",
    GITHUB_API_URL: `${emulatorUrl}/github`,
    SLACK_API_URL: `${emulatorUrl}/slack/api`,
    // Short, so a test sees a lost action queued again within seconds rather than ten minutes.
    OUTBOX_REDRIVE_AFTER_SECONDS: "15",
    ...STACK_SECRETS,
  };
  const varsFile = join(dir, "dev.vars");
  writeFileSync(
    varsFile,
    Object.entries(vars)
      .map(([name, value]) => `${name}=${value}`)
      .join("\n"),
  );

  const emulator = await startProcess(bin("tsx"), ["emulator/serve.ts"], {
    env: {
      PORT: String(emulatorPort),
      BRIDGE_URL: bridgeUrl,
      STUDIO_WEBHOOK_SECRET: STACK_SECRETS.STUDIO_WEBHOOK_SECRET,
    },
    readyUrl: `${emulatorUrl}/`,
  });
  const startBridge = () =>
    startProcess(
      bin("wrangler"),
      [
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(bridgePort),
        "--inspector-port",
        String(inspectorPort),
        "--env-file",
        varsFile,
        "--persist-to",
        join(dir, "state"),
        "--test-scheduled",
        "--show-interactive-dev-session=false",
      ],
      { readyUrl: `${bridgeUrl}/healthz`, timeoutMs: 60_000 },
    );
  let bridge: Started = await startBridge();
  let earlierOutput = "";

  return {
    bridgeUrl,
    emulatorUrl,
    async restartBridge() {
      earlierOutput += bridge.output();
      await bridge.stop();
      bridge = await startBridge();
    },
    async tick(cron = "* * * * *") {
      const response = await fetch(`${bridgeUrl}/__scheduled?cron=${encodeURIComponent(cron)}`);
      if (!response.ok) throw new Error(`cron tick failed: ${response.status}`);
    },
    async control(path, body, method = "POST") {
      const response = await fetch(`${emulatorUrl}/_emulator${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.json();
    },
    output: () => earlierOutput + bridge.output() + emulator.output(),
    async stop() {
      await Promise.all([bridge.stop(), emulator.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
