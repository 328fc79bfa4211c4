import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalClient, waitFor } from "../../scripts/lib/local-client";
import { runScenario } from "../../scripts/lib/scenario";
import { STACK_SECRETS, type Stack, startStack } from "../../scripts/lib/stack";

let stack: Stack;
let client: LocalClient;

beforeAll(async () => {
  stack = await startStack();
  client = new LocalClient({ bridgeUrl: stack.bridgeUrl, emulatorUrl: stack.emulatorUrl, secrets: STACK_SECRETS });
});

afterAll(() => stack?.stop());

/** The emulator's jobs whose query carries `sha` (the sample rule puts the commit id in its query). */
async function studioJobsFor(sha: string): Promise<{ id: string; status: string }[]> {
  const response = await fetch(`${stack.emulatorUrl}/api/datachain/jobs/?team_name=dev-team&limit=1000`, {
    headers: { authorization: "token dev-token" },
  });
  const jobs = (await response.json()) as { id: string; status: string; query: string }[];
  return jobs.filter((job) => job.query.includes(sha));
}

async function commitStates(sha: string): Promise<string[]> {
  return (await client.sink("github"))
    .filter((record) => record.path.endsWith(`/statuses/${sha}`))
    .map((record) => (record.body as { state: string }).state);
}

describe("the bridge under wrangler dev with the emulator, over real HTTP", () => {
  it("proves its Studio credentials against the emulator", async () => {
    const response = await fetch(`${stack.bridgeUrl}/healthz?deep`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, studio: { team: "dev-team", reachable: true } });
  });

  it("plays the demo's whole loop: push, job, statuses, notifications, Slack commands, pipeline, failure", async () => {
    const steps: string[] = [];
    const result = await runScenario(client, { step: (title) => steps.push(title), say: () => undefined });

    expect(steps).toHaveLength(9);
    expect(await studioJobsFor(result.pushedSha)).toEqual([expect.objectContaining({ status: "COMPLETE" })]);
    expect(await commitStates(result.pushedSha)).toEqual(["pending", "success"]);
    expect((await client.run(`job:${result.canceledJobId}`))?.status).toBe("CANCELED");
    expect((await client.run(`pipeline:${result.pipelineId}`))?.status).toBe("COMPLETED");
    expect(await commitStates(result.failedSha)).toEqual(["pending", "failure"]);
  }, 180_000);

  it("answers a GitHub redelivery after a restart as a duplicate and starts no second job", async () => {
    const push = await client.push();
    expect(push.status).toBe(202);
    await waitFor("the job of the push", async () => ((await studioJobsFor(push.sha)).length > 0 ? true : undefined));

    await stack.restartBridge();
    const redelivery = await client.push({ sha: push.sha, delivery: push.delivery });

    expect(redelivery.status).toBe(200);
    expect(redelivery.body).toMatchObject({ status: "duplicate", delivery: push.delivery });
    expect(await studioJobsFor(push.sha)).toHaveLength(1);
  }, 120_000);

  it("runs a push whose action was still on the queue when the bridge restarted, exactly once", async () => {
    // Studio refuses job creation, so the action waits on the queue for its next attempt...
    await client.control("/faults", { kind: "error", status: 503, path: "/jobs", method: "POST" });
    try {
      const push = await client.push();
      expect(push.status).toBe(202);
      await waitFor("a refused job creation", async () => {
        const { requests } = (await client.control("/requests", undefined, "GET")) as {
          requests: { method: string; path: string; status: number }[];
        };
        return requests.some((r) => r.method === "POST" && r.path.endsWith("/jobs/") && r.status === 503) || undefined;
      });
      // ...when the bridge restarts: a local queue keeps its messages in memory only, so this one is gone.
      await stack.restartBridge();
      await client.control("/faults", undefined, "DELETE");

      // The outbox in KV survived; the five-minute trigger queues the action again.
      const [job] = await waitFor(
        "the job of the push, after the restart",
        async () => {
          const jobs = await studioJobsFor(push.sha);
          return jobs.length > 0 ? jobs : undefined;
        },
        { between: () => stack.tick("*/5 * * * *"), timeoutMs: 60_000 },
      );
      expect(job).toBeDefined();
      await stack.tick("*/5 * * * *");
      expect(await studioJobsFor(push.sha)).toHaveLength(1);
    } finally {
      await client.control("/faults", undefined, "DELETE");
    }
  }, 120_000);

  it("keeps following a tracked job across a restart and reports its end once", async () => {
    // A frozen Studio clock keeps the job where it is until the bridge is back.
    await client.control("/clock", { freeze: true });
    try {
      const push = await client.push();
      const jobId = await waitFor("the job's pending commit status", async () => {
        const [job] = await studioJobsFor(push.sha);
        return job && (await commitStates(push.sha)).includes("pending") ? job.id : undefined;
      });
      expect((await client.run(`job:${jobId}`))?.status).toBe("CREATED");

      await stack.restartBridge();
      await client.advance(60);
      await waitFor(
        "the success commit status after the restart",
        async () => ((await commitStates(push.sha)).includes("success") ? true : undefined),
        { between: () => client.tick() },
      );
      await client.tick();

      const run = await client.run(`job:${jobId}`);
      expect(run?.status).toBe("COMPLETE");
      // The history written before the restart is still there, and the end is recorded once.
      const statuses = run?.history.map((entry) => entry.status) ?? [];
      expect(statuses[0]).toBe("CREATED");
      expect(statuses.filter((status) => status === "COMPLETE")).toEqual(["COMPLETE"]);
      expect(await commitStates(push.sha)).toEqual(["pending", "success"]);
    } finally {
      await client.control("/clock", { freeze: false });
    }
  }, 120_000);
});
