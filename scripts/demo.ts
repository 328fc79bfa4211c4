/**
 * `npm run demo`: plays the whole loop against a running `npm start` and narrates it. GitHub push -> Studio
 * job -> status moving on the emulator's clock -> commit status and Slack card -> Slack commands and a Cancel
 * button -> a pipeline's progress -> a failure with its last log lines. Exits 1 naming the step that did not
 * happen. Settings: BRIDGE_URL (http://127.0.0.1:8787), EMULATOR_URL (http://127.0.0.1:8788); secrets from
 * .dev.vars (written by `npm start` on its first run).
 */
import { resolve } from "node:path";
import { readDevVars } from "./lib/dev-vars";
import { LocalClient } from "./lib/local-client";
import { runScenario } from "./lib/scenario";

const vars = readDevVars(resolve(import.meta.dirname, "../.dev.vars"));
const missing = ["GITHUB_WEBHOOK_SECRET", "SLACK_SIGNING_SECRET", "BRIDGE_ADMIN_TOKEN"].filter((name) => !vars[name]);
if (missing.length > 0) {
  console.error(
    `.dev.vars lacks ${missing.join(", ")}: run \`npm start\` first (it writes .dev.vars), then \`npm run demo\`.`,
  );
  process.exit(2);
}
const client = new LocalClient({
  bridgeUrl: process.env.BRIDGE_URL ?? "http://127.0.0.1:8787",
  emulatorUrl: process.env.EMULATOR_URL ?? "http://127.0.0.1:8788",
  secrets: {
    GITHUB_WEBHOOK_SECRET: vars.GITHUB_WEBHOOK_SECRET ?? "",
    SLACK_SIGNING_SECRET: vars.SLACK_SIGNING_SECRET ?? "",
    BRIDGE_ADMIN_TOKEN: vars.BRIDGE_ADMIN_TOKEN ?? "",
  },
});

const endpoints: [string, string][] = [
  ["bridge", `${client.target.bridgeUrl}/healthz`],
  ["emulator", `${client.target.emulatorUrl}/_emulator`],
];
for (const [name, url] of endpoints) {
  try {
    await fetch(url);
  } catch {
    console.error(`The ${name} does not answer at ${url}. Start everything with \`npm start\` in another terminal.`);
    process.exit(2);
  }
}

let number = 0;
const started = Date.now();
try {
  const result = await runScenario(client, {
    step: (title) => console.log(`\n${++number}. ${title}`),
    say: (line) => console.log(`   ${line}`),
  });
  console.log(`\nThe loop works (${Math.round((Date.now() - started) / 1000)}s). Look around:`);
  console.log(
    `   curl -H "Authorization: Bearer $BRIDGE_ADMIN_TOKEN" ${client.target.bridgeUrl}/api/runs/job:${result.jobId}`,
  );
  console.log(`   curl ${client.target.emulatorUrl}/_emulator/sinks/slack     # every Slack message the bridge sent`);
  console.log(`   curl ${client.target.emulatorUrl}/_emulator/sinks/github    # every commit status`);
  console.log("   npm run slack -- jobs                          # your own Slack commands");
} catch (error) {
  console.error(`\n   FAILED at step ${number}: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    "   The bridge's log in the `npm start` terminal says why; GET /api/events/<delivery id> and /api/dead-letters say more.",
  );
  process.exit(1);
}
