/**
 * `npm run chaos`: the bridge under `wrangler dev` and the Studio emulator as real processes. Studio fails 30%
 * of its answers with 5xx, 10% with 429 + Retry-After and drops 5% of connections (half after the request took
 * effect) while GitHub pushes (10% redelivered), Slack commands (a third retried) and Studio's own job webhooks
 * arrive and the cron ticks. Then the faults stop, dead letters are replayed, and the verdict is taken from the
 * emulator's records: jobs tagged with their action id, and the bridge's notification log lines.
 *
 * CHAOS_EVENTS (default 1000 deliveries: 70% pushes, 30% Slack) and CHAOS_SECONDS (default 240, the time
 * faults stay on) size the run. Exits 1 on any lost or duplicated action or notification.
 */
import { hmacSha256, toHex } from "../src/crypto";
import {
  actionOutcome,
  type ChaosFigures,
  duplicatedNotificationKeys,
  duplicateNotifications,
  formatFigures,
  jobsPerAction,
} from "../test/chaos/tally";
import { STACK_SECRETS, startStack } from "./lib/stack";

const EVENTS = Number(process.env.CHAOS_EVENTS ?? 1000);
const FAULT_SECONDS = Number(process.env.CHAOS_SECONDS ?? 240);
const SETTLE_SECONDS = Number(process.env.CHAOS_SETTLE_SECONDS ?? 180);

const FAULTS = [
  { kind: "error", rate: 0.3, status: 503 },
  { kind: "rate_limit", rate: 0.1 / 0.7, retry_after_seconds: 2 },
  { kind: "drop", rate: 0.025 / 0.6, phase: "before" },
  { kind: "drop", rate: 0.025 / 0.575, phase: "after" },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = async (secret: string, data: string) => toHex(await hmacSha256(secret, data));

async function main(): Promise<void> {
  const started = Date.now();
  const stack = await startStack();
  const admin = { authorization: `Bearer ${STACK_SECRETS.BRIDGE_ADMIN_TOKEN}` };
  let ticking = true;
  const ticks = (async () => {
    while (ticking) {
      await stack.tick().catch(() => undefined);
      await sleep(10_000);
    }
  })();
  try {
    for (const fault of FAULTS) await stack.control("/faults", fault);
    const pushes = Math.round(EVENTS * 0.7);
    const accepted = new Set<string>();
    const slackEpochs: number[] = [];
    const refused: string[] = [];

    const push = async (index: number) => {
      const sha = index.toString(16).padStart(40, "0");
      const commit = { id: sha, message: `chaos ${index}`, modified: ["src/train.py"], added: [], removed: [] };
      const body = JSON.stringify({
        ref: "refs/heads/main",
        after: sha,
        before: "0".repeat(40),
        deleted: false,
        commits: [commit],
        head_commit: commit,
        repository: { full_name: "acme/models", name: "models", owner: { login: "acme" } },
        sender: { login: "ada", type: "User" },
      });
      const headers = {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": `chaos-${index}`,
        "x-hub-signature-256": `sha256=${await hex(STACK_SECRETS.GITHUB_WEBHOOK_SECRET, body)}`,
      };
      const send = () => fetch(`${stack.bridgeUrl}/webhooks/github`, { method: "POST", headers, body });
      const response = await send();
      const answer = (await response.json()) as { actions?: string[] };
      if (response.status === 202) for (const id of answer.actions ?? []) accepted.add(id);
      else refused.push(`push ${index}: ${response.status}`);
      if (index % 10 === 0) await (await send()).text();
    };

    const slack = async (index: number) => {
      const body = new URLSearchParams({
        team_id: "T_LOCAL",
        channel_id: "C_CHAOS",
        user_id: "U_LOCAL_DEV",
        user_name: "dev",
        command: "/datachain",
        text: `run retrain EPOCHS=${index % 1000}`,
        response_url: `${stack.emulatorUrl}/slack/response/chaos-${index}`,
        trigger_id: `chaos-trigger-${index}`,
      }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": `v0=${await hex(STACK_SECRETS.SLACK_SIGNING_SECRET, `v0:${timestamp}:${body}`)}`,
      };
      const response = await fetch(`${stack.bridgeUrl}/slack/commands`, { method: "POST", headers, body });
      await response.text();
      if (response.status !== 200) refused.push(`slack ${index}: ${response.status}`);
      else slackEpochs.push(index % 1000);
      if (index % 3 === 0) {
        const retry = { ...headers, "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" };
        await (await fetch(`${stack.bridgeUrl}/slack/commands`, { method: "POST", headers: retry, body })).text();
      }
    };

    // Pushes and commands interleaved, ten at a time, as bursts of webhooks arrive.
    let pushed = 0;
    let commanded = 0;
    const work = Array.from({ length: EVENTS }, (_, i) => {
      if (i % 10 < 7 && pushed < pushes) {
        const index = pushed++;
        return () => push(index);
      }
      const index = commanded++;
      return () => slack(index);
    });
    for (let start = 0; start < work.length; start += 10) {
      await Promise.all(work.slice(start, start + 10).map((run) => run()));
    }
    console.log(`sent ${EVENTS} deliveries in ${Math.round((Date.now() - started) / 1000)} s; faults stay on`);
    await sleep(Math.max(0, FAULT_SECONDS * 1000 - (Date.now() - started)));

    await stack.control("/faults", undefined, "DELETE");
    const letters = (await (await fetch(`${stack.bridgeUrl}/api/dead-letters`, { headers: admin })).json()) as {
      dead_letters: { id: string }[];
    };
    let replayed = 0;
    for (const letter of letters.dead_letters) {
      const url = `${stack.bridgeUrl}/api/dead-letters/${encodeURIComponent(letter.id)}/replay`;
      if ((await fetch(url, { method: "POST", headers: admin })).status === 202) replayed += 1;
    }
    console.log(`faults off; ${letters.dead_letters.length} dead letters, ${replayed} replayed; settling`);

    // Settle: until every accepted event has its job, or the settle time is up.
    const deadline = Date.now() + SETTLE_SECONDS * 1000;
    let jobs: { environment?: Record<string, string> }[] = [];
    for (;;) {
      const response = await fetch(`${stack.emulatorUrl}/api/datachain/jobs/?team_name=dev-team&limit=10000`, {
        headers: { authorization: "token dev-token" },
      });
      jobs = (await response.json()) as typeof jobs;
      const tagged = jobsPerAction(jobs);
      const slackDone = jobs.filter((job) => job.environment?.EPOCHS !== undefined).length;
      const githubDone = [...accepted].every((id) => tagged.has(id));
      if ((githubDone && slackDone >= slackEpochs.length) || Date.now() > deadline) break;
      await sleep(5_000);
    }
    // Let the last state changes arrive by webhook and cron before counting notifications.
    await sleep(40_000);

    const tagged = jobsPerAction(jobs);
    const github = actionOutcome(accepted, tagged);
    const perEpochs = new Map<string, number>();
    for (const job of jobs) {
      const epochs = job.environment?.EPOCHS;
      if (epochs !== undefined) perEpochs.set(epochs, (perEpochs.get(epochs) ?? 0) + 1);
    }
    const slackOutcome = actionOutcome(
      slackEpochs.map((epochs) => String(epochs)),
      perEpochs,
    );
    const notifications = stack
      .output()
      .split("\n")
      .flatMap((line) => {
        const start = line.indexOf('{"level"');
        if (start < 0) return [];
        try {
          const parsed = JSON.parse(line.slice(start)) as { event?: string; run?: string; change?: string };
          return parsed.event === "notification"
            ? [{ notifier: "log", run: String(parsed.run), change: String(parsed.change) }]
            : [];
        } catch {
          return [];
        }
      });
    const webhooks = (await stack.control("/webhooks", undefined, "GET")) as { deliveries: unknown[] };
    const figures: ChaosFigures = {
      events: EVENTS + webhooks.deliveries.length,
      actions: accepted.size + slackEpochs.length,
      duplicates: github.duplicates + slackOutcome.duplicates,
      lost: github.lost + slackOutcome.lost,
      notifications: notifications.length,
      duplicateNotifications: duplicateNotifications(notifications),
      deadLettered: letters.dead_letters.length,
      replayed,
    };
    const fired = ((await stack.control("/", undefined, "GET")) as { faults_fired?: unknown }).faults_fired;
    console.log(formatFigures(figures));
    console.log(`studio webhooks sent     ${webhooks.deliveries.length}`);
    console.log(`faults fired             ${JSON.stringify(fired ?? "see /_emulator")}`);
    console.log(
      `refused deliveries       ${refused.length}${refused.length ? ` (${refused.slice(0, 5).join(", ")})` : ""}`,
    );
    const again = duplicatedNotificationKeys(notifications);
    if (again.length > 0) console.log(`notified twice           ${again.slice(0, 10).join("; ")}`);
    console.log(`duration                 ${Math.round((Date.now() - started) / 1000)} s`);
    const failed = figures.duplicates + figures.lost + figures.duplicateNotifications + refused.length > 0;
    process.exitCode = failed ? 1 : 0;
  } finally {
    ticking = false;
    await ticks;
    await stack.stop();
  }
}

await main();
