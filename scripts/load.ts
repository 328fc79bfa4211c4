/**
 * `npm run load`: sustained load on the bridge under `wrangler dev` (loopback only) for LOAD_SECONDS (default
 * 60) with LOAD_CONCURRENCY requests in flight (default 16): signed GitHub pushes (a fifth of them start a
 * Studio job), signed Slack commands, signed Studio pings, admin reads and health checks. Every answer must
 * be the expected one; the workerd process's resident memory is sampled every 2 s. Exits 1 on any error or
 * when memory keeps growing (the last third of the samples above the middle third by more than 25%).
 */
import { readdirSync, readFileSync } from "node:fs";
import { hmacSha256, toHex } from "../src/crypto";
import { STACK_SECRETS, startStack } from "./lib/stack";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 16);
/** LOAD_JOBS=0: no push starts a job, so the bridge's stored state stays constant and memory should too. */
const JOBS = process.env.LOAD_JOBS !== "0";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = async (secret: string, data: string) => toHex(await hmacSha256(secret, data));

/** Every process: pid, parent, command line, resident memory (kB). Linux /proc. */
function processes(): { pid: number; ppid: number; args: string; rssKb: number }[] {
  return readdirSync("/proc").flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ");
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return [{ pid: Number(name), ppid, args, rssKb }];
    } catch {
      return [];
    }
  });
}

/** The workerd processes started by the wrangler that serves `port`. */
function workerdOf(port: number): number[] {
  const all = processes();
  const wrangler = all.filter((p) => p.args.includes("wrangler") && p.args.includes(` --port ${port} `));
  const descendants = new Set(wrangler.map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (descendants.has(p.ppid) && !descendants.has(p.pid)) {
        descendants.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => descendants.has(p.pid) && p.args.includes("workerd")).map((p) => p.pid);
}

function rssMb(pids: number[]): number {
  const byPid = new Map(processes().map((p) => [p.pid, p.rssKb]));
  return pids.reduce((sum, pid) => sum + (byPid.get(pid) ?? 0), 0) / 1024;
}

async function main(): Promise<void> {
  const stack = await startStack();
  const port = Number(new URL(stack.bridgeUrl).port);
  const pids = workerdOf(port);
  const admin = { authorization: `Bearer ${STACK_SECRETS.BRIDGE_ADMIN_TOKEN}` };
  const counts = new Map<string, number>();
  const errors: string[] = [];
  const latencies: number[] = [];
  let sequence = 0;

  const kinds: [string, number[], (n: number) => Promise<Response>][] = [
    ["healthz", [200], () => fetch(`${stack.bridgeUrl}/healthz`)],
    [
      "github push",
      [200, 202],
      async (n) => {
        // One push in five is to main and starts a job; the rest match no rule.
        const ref = JOBS && n % 5 === 0 ? "refs/heads/main" : `refs/heads/load-${n}`;
        const sha = n.toString(16).padStart(40, "0");
        const commit = { id: sha, message: "load", modified: ["src/train.py"], added: [], removed: [] };
        const body = JSON.stringify({
          ref,
          after: sha,
          before: "0".repeat(40),
          commits: [commit],
          head_commit: commit,
          repository: { full_name: "acme/models", name: "models", owner: { login: "acme" } },
          sender: { login: "ada", type: "User" },
        });
        return fetch(`${stack.bridgeUrl}/webhooks/github`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "push",
            "x-github-delivery": `load-${n}`,
            "x-hub-signature-256": `sha256=${await hex(STACK_SECRETS.GITHUB_WEBHOOK_SECRET, body)}`,
          },
          body,
        });
      },
    ],
    [
      "slack command",
      [200],
      async (n) => {
        const body = new URLSearchParams({
          team_id: "T_LOCAL",
          channel_id: "C_LOAD",
          user_id: "U_LOAD",
          command: "/datachain",
          text: "help",
          response_url: `${stack.emulatorUrl}/slack/response/load`,
          trigger_id: `load-${n}`,
        }).toString();
        const timestamp = Math.floor(Date.now() / 1000);
        return fetch(`${stack.bridgeUrl}/slack/commands`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-slack-request-timestamp": String(timestamp),
            "x-slack-signature": `v0=${await hex(STACK_SECRETS.SLACK_SIGNING_SECRET, `v0:${timestamp}:${body}`)}`,
          },
          body,
        });
      },
    ],
    [
      "studio ping",
      [200],
      async () => {
        const body = JSON.stringify({ action: "ping" });
        return fetch(`${stack.bridgeUrl}/webhooks/studio`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-datachain-signature-256": `sha256=${await hex(STACK_SECRETS.STUDIO_WEBHOOK_SECRET, body)}`,
          },
          body,
        });
      },
    ],
    ["admin runs", [200], () => fetch(`${stack.bridgeUrl}/api/runs`, { headers: admin })],
  ];

  // LOAD_KINDS=healthz,studio ping: only those, to tell the bridge's memory from the runtime's.
  const only = process.env.LOAD_KINDS?.split(",").map((kind) => kind.trim());
  if (only) kinds.splice(0, kinds.length, ...kinds.filter(([kind]) => only.includes(kind)));
  const samples: number[] = [rssMb(pids)];
  const started = Date.now();
  const end = started + SECONDS * 1000;
  const sampler = (async () => {
    while (Date.now() < end) {
      await sleep(2_000);
      samples.push(rssMb(pids));
    }
  })();
  const worker = async () => {
    while (Date.now() < end) {
      const n = sequence++;
      const [kind, expected, send] = kinds[n % kinds.length] as (typeof kinds)[number];
      const before = performance.now();
      try {
        const response = await send(n);
        await response.arrayBuffer();
        latencies.push(performance.now() - before);
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
        if (!expected.includes(response.status)) errors.push(`${kind}: ${response.status}`);
      } catch (error) {
        errors.push(`${kind}: ${String(error)}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await sampler;
  } finally {
    await stack.stop();
  }

  const seconds = (Date.now() - started) / 1000;
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.floor(q * (latencies.length - 1))] ?? 0);
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const middle = mean(samples.slice(third, 2 * third));
  const last = mean(samples.slice(-third));
  const growth = (last - middle) / Math.max(1, middle);
  const growing = pids.length === 0 || growth > 0.25;
  console.log(`requests          ${total} in ${seconds.toFixed(0)} s (${(total / seconds).toFixed(0)}/s)`);
  console.log(`by kind           ${JSON.stringify(Object.fromEntries(counts))}`);
  console.log(`errors            ${errors.length}${errors.length ? ` (${errors.slice(0, 5).join("; ")})` : ""}`);
  console.log(`latency ms        p50 ${at(0.5)}  p95 ${at(0.95)}  p99 ${at(0.99)}  max ${at(1)}`);
  console.log(`workerd pids      ${pids.join(", ") || "not found"}`);
  console.log(
    `workerd RSS MB    start ${samples[0]?.toFixed(0)}  middle third ${middle.toFixed(0)}  last third ${last.toFixed(0)}  max ${Math.max(...samples).toFixed(0)}`,
  );
  console.log(
    `memory            ${growing ? "GROWING" : "within bound"} (last third vs middle third ${(growth * 100).toFixed(0)}%)`,
  );
  process.exitCode = errors.length > 0 || growing ? 1 : 0;
}

await main();
