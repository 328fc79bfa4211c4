import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, pushPayload } from "../helpers/github";
import { studioSignature } from "../helpers/signers";
import { commandForm, responses, SLACK_CONFIG, sendSigned, visibleText } from "../helpers/slack";
import { rawStudio } from "../helpers/studio";

/**
 * Hostile content: oversized bodies stop before the bridge reads them, and text from commits, branches and
 * chat reaches Studio only as inert data in the place a template put it.
 */
const CHUNK = 64 * 1024;

/** A body that counts how much of it was read; `chunks` of 64 KiB, or endless. */
function countingBody(chunks = Number.POSITIVE_INFINITY) {
  const read = { chunks: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (read.chunks >= chunks) return controller.close();
        read.chunks += 1;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, read };
}

const LIMITS: { path: string; limit: number; type: string; headers: Record<string, string> }[] = [
  {
    path: "/webhooks/github",
    limit: 25 * 1024 * 1024,
    type: "application/json",
    headers: { "x-github-event": "push" },
  },
  { path: "/slack/commands", limit: 64 * 1024, type: "application/x-www-form-urlencoded", headers: {} },
  { path: "/slack/interactions", limit: 64 * 1024, type: "application/x-www-form-urlencoded", headers: {} },
  {
    path: "/webhooks/studio",
    limit: 256 * 1024,
    type: "application/json",
    headers: { "x-datachain-signature-256": `sha256=${"0".repeat(64)}` },
  },
];

describe.each(LIMITS)("oversized bodies at $path", ({ path, limit, type, headers }) => {
  it("are refused with 413 on their Content-Length, before one byte is read", async () => {
    const bridge = bridgeFixture();
    const { stream, read } = countingBody();
    const response = await bridge.app.request(
      path,
      {
        method: "POST",
        headers: { "content-type": type, "content-length": String(limit + 1), ...headers },
        body: stream,
      },
      bridge.env,
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: expect.stringMatching(/too_large/) } });
    expect(read.chunks).toBe(0);
  });

  it("are cut off at the limit when they come without a Content-Length", async () => {
    const bridge = bridgeFixture();
    const { stream, read } = countingBody();
    const response = await bridge.app.request(
      path,
      { method: "POST", headers: { "content-type": type, ...headers }, body: stream },
      bridge.env,
    );
    expect(response.status).toBe(413);
    // The endless body was read only up to the cap (plus the chunk that crossed it).
    expect(read.chunks).toBeLessThanOrEqual(Math.ceil(limit / CHUNK) + 1);
  });
});

const PUSH_RULES = `
version: 1
rules:
  - name: train
    on: push
    if: { branches: ["**"] }
    action:
      create_job:
        query: "print('training')"
        query_name: "train-{{ github.ref_name }}"
        environment:
          GIT_REF: "{{ github.ref_name }}"
          GIT_SHA: "{{ github.sha }}"
          ACTOR: "{{ github.actor }}"
`;

describe("text from a push", () => {
  it("is inserted literally: a branch named like a template stays that text, a commit message goes nowhere", async () => {
    const bridge = bridgeFixture({ config: PUSH_RULES });
    const branch = "{{ github.sha }}-{{params.X}}";
    const message = "{{ github.sha }} $(rm -rf /) `id` \u0000\u001b[31m\r\nX-Injected: 1 {{ env.GITHUB_TOKEN }}";
    const response = await deliver(bridge, "push", pushPayload({ ref: `refs/heads/${branch}`, message }));
    expect(response.status).toBe(202);
    await bridge.drainQueue();
    const jobs = [...bridge.emulator.world.jobs.values()];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: `train-${branch}`, query: "print('training')" });
    expect(jobs[0]?.environment).toMatchObject({ GIT_REF: branch, GIT_SHA: "a".repeat(40), ACTOR: "ada" });
    expect(JSON.stringify(jobs[0])).not.toContain("rm -rf");
  });

  it("with control characters in the branch reaches Studio as the same characters, never as new fields", async () => {
    const bridge = bridgeFixture({ config: PUSH_RULES });
    const branch = 'feat\u0007"},"query":"import os; os.system(1)';
    const response = await deliver(bridge, "push", pushPayload({ ref: `refs/heads/${branch}`, sender: "eve\nroot" }));
    expect(response.status).toBeLessThan(500);
    await bridge.drainQueue();
    for (const job of bridge.emulator.world.jobs.values()) {
      expect(job.query).toBe("print('training')");
      expect(job.environment).toMatchObject({ GIT_REF: branch, ACTOR: "eve\nroot" });
    }
  });
});

describe("Slack argument injection", () => {
  const created = (bridge: ReturnType<typeof bridgeFixture>) => [...bridge.emulator.world.jobs.values()];

  it.each([
    ["a shell substitution", "run retrain MODEL=$(rm -rf /)"],
    ["backticks", "run retrain MODEL=`id`"],
    ["a template", "run retrain MODEL={{params.EPOCHS}}"],
    ["quotes", `run retrain MODEL="a b"`],
    ["a value past its pattern", "run retrain MODEL=bert EPOCHS=10;rm"],
    ["an undeclared parameter", "run retrain MODEL=bert QUERY=import_os"],
    ["an extra flag", "run retrain MODEL=bert --query=import_os"],
  ])("refuses %s and starts nothing", async (_name, text) => {
    const bridge = bridgeFixture({ config: SLACK_CONFIG });
    const response = await sendSigned(bridge, "/slack/commands", commandForm(text));
    expect(response.status).toBe(200);
    await bridge.drainQueue();
    expect(created(bridge)).toEqual([]);
    expect(bridge.queue.sent.filter((message) => message.type === "action")).toEqual([]);
    const answer = JSON.stringify(await response.clone().json()) + JSON.stringify(responses(bridge));
    expect(answer).not.toMatch(/Started|started/);
  });

  it("a newline cannot smuggle a second command or parameter", async () => {
    const bridge = bridgeFixture({ config: SLACK_CONFIG });
    const response = await sendSigned(bridge, "/slack/commands", commandForm("run retrain MODEL=bert\ncancel 123"));
    expect(response.status).toBe(200);
    await bridge.drainQueue();
    expect(bridge.emulator.requests.entries.filter((request) => request.path.includes("/cancel"))).toEqual([]);
    for (const job of created(bridge)) expect(job.name).toBe("retrain-bert");
  });

  it("a valid run sends Studio exactly the recipe with the value in place", async () => {
    const bridge = bridgeFixture({ config: SLACK_CONFIG });
    await sendSigned(bridge, "/slack/commands", commandForm("run retrain MODEL=bert-base EPOCHS=25"));
    await bridge.drainQueue();
    const jobs = created(bridge);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: "retrain-bert-base", query: "print('training')" });
    expect(jobs[0]?.environment).toMatchObject({ EPOCHS: "25" });
    expect(visibleText(responses(bridge).at(-1) ?? {})).not.toContain("{{");
  });
});

describe("ids too long for a KV key (512 bytes)", () => {
  it("are refused with a 4xx on every route that stores by id, never a 500", async () => {
    const bridge = bridgeFixture({ config: "version: 1\ntracking: { all_jobs: true }\n" });
    const long = "é".repeat(300);
    const job = (await (
      await rawStudio(bridge.emulator, "/datachain/jobs/", {
        json: { team_name: "dev-team", query: "print(1)", query_name: "long-id" },
      })
    ).json()) as Record<string, unknown>;
    const event = JSON.stringify({ action: "job_status", job: { ...job, id: long } });
    const studio = await bridge.app.request(
      "/webhooks/studio",
      {
        method: "POST",
        headers: { "content-type": "application/json", "x-datachain-signature-256": await studioSignature(event) },
        body: event,
      },
      bridge.env,
    );
    expect(studio.status).toBe(400);
    const slack = await sendSigned(bridge, "/slack/commands", commandForm("jobs", { trigger: long }));
    expect(slack.status).toBe(400);
    for (const [method, path] of [
      ["POST", `/api/dead-letters/${long}/replay`],
      ["GET", `/api/events/${long}`],
      ["GET", `/api/runs/job:${long}`],
    ] as const) {
      const response = await bridge.app.request(
        path,
        { method, headers: { authorization: "Bearer test-admin-token" } },
        bridge.env,
      );
      expect(response.status, path).toBe(404);
    }
    expect(bridge.log.lines.filter((line) => line.event === "internal_error")).toEqual([]);
  });
});
