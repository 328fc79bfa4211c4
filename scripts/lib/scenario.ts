import { buttonValue, type LocalClient, messageText, newSha, type SinkRecord, waitFor } from "./local-client";

/** Where the scenario tells what it does: the console for `npm run demo`, a list for the tests. */
export interface Narrator {
  step(title: string): void;
  say(line: string): void;
}

/** The channel of the sample config's `slack` notifier (bridge.config.yaml). */
export const ALERTS_CHANNEL = "C_LOCAL_ALERTS";

/** What the scenario created, for the tests to look at afterwards. */
export interface ScenarioResult {
  pushedSha: string;
  jobId: string;
  canceledJobId: string;
  pipelineId: string;
  failedSha: string;
  failedJobId: string;
}

const FAILURE = "ValueError: learning rate must be positive, got -0.01";

/**
 * The whole loop against a running bridge and emulator, step by step: a signed push, the job it starts, its
 * status moving on the emulator's clock, the commit status and Slack messages that follow, Slack commands
 * and a Cancel button, a pipeline with its progress, and a failure whose notification carries its last log
 * lines. Each step waits a bounded time and throws naming what did not happen. Safe to run again: every run
 * uses fresh commits, delivery ids and trigger ids, and looks only at what it created.
 */
export async function runScenario(client: LocalClient, say: Narrator): Promise<ScenarioResult> {
  const { bridgeUrl, emulatorUrl } = client.target;
  const tickAndWait = { between: () => client.tick() };

  say.step("The bridge can reach Studio");
  const health = await fetch(`${bridgeUrl}/healthz?deep`);
  const healthBody = (await health.json()) as { studio?: { team?: string; reachable?: boolean } };
  if (health.status !== 200 || healthBody.studio?.reachable !== true)
    throw new Error(`GET ${bridgeUrl}/healthz?deep answered ${health.status}: ${JSON.stringify(healthBody)}`);
  say.say(`${bridgeUrl}/healthz?deep: Studio at ${emulatorUrl} answers for team ${healthBody.studio.team}`);

  say.step("GitHub pushes a commit to main that touches src/train.py");
  const push = await client.push({ files: ["src/train.py"] });
  const actions = (push.body.actions as string[] | undefined) ?? [];
  if (push.status !== 202 || !actions.some((id) => id.endsWith(":train-on-main")))
    throw new Error(`the push was not accepted for rule train-on-main: ${push.status} ${JSON.stringify(push.body)}`);
  say.say(`POST /webhooks/github (delivery ${push.delivery}, commit ${push.sha.slice(0, 7)}) -> ${push.status}`);
  say.say(`rule train-on-main matched; queued action ${actions[0]}`);

  say.step("The queue consumer creates the Studio job and marks the commit pending");
  const pending = await waitFor("a pending commit status on the pushed commit", () =>
    statusOn(client, push.sha, "pending"),
  );
  const jobId = jobIdOf(pending);
  say.say(`Studio job ${jobId} (${pending.description})`);
  say.say(`commit status: pending ${pending.context} -> ${pending.target_url}`);

  say.step("Studio's clock moves on; the bridge follows the job (webhooks and the cron tick)");
  await client.advance(10);
  const running = await waitFor(
    "the tracked job to be RUNNING",
    async () => ((await client.run(`job:${jobId}`))?.status === "RUNNING" ? true : undefined),
    tickAndWait,
  );
  if (running) say.say("emulator clock +10s -> RUNNING");
  await client.advance(30);
  const done = await waitFor(
    "the tracked job to be COMPLETE",
    async () => {
      const run = await client.run(`job:${jobId}`);
      return run?.status === "COMPLETE" ? run : undefined;
    },
    tickAndWait,
  );
  say.say(`emulator clock +30s -> COMPLETE; history: ${done.history.map((entry) => entry.status).join(" -> ")}`);

  say.step("The notifications: the commit status and the Slack card");
  const success = await waitFor("a success commit status on the pushed commit", () =>
    statusOn(client, push.sha, "success"),
  );
  say.say(`GitHub: ${success.state} ${success.context}: ${success.description}`);
  const card = await waitFor("a Slack card for the job in the alerts channel", async () =>
    last((await client.sink("slack")).filter((record) => inChannel(record, ALERTS_CHANNEL) && mentions(record, jobId))),
  );
  say.say(`Slack ${ALERTS_CHANNEL}: ${firstLine(card.body)} (${slackMethod(card)})`);

  say.step("In Slack: /datachain jobs");
  const jobs = await slackAnswer(client, "jobs --limit 5");
  if (!messageText(jobs).includes("train-main"))
    throw new Error(`/datachain jobs did not list train-main: ${messageText(jobs)}`);
  for (const line of messageText(jobs).split("\n").slice(0, 4)) say.say(line);

  say.step("In Slack: /datachain run retrain EPOCHS=20, then its Cancel button");
  const run = await client.slashCommand("run retrain EPOCHS=20");
  if (run.status !== 200) throw new Error(`/datachain run answered ${run.status}`);
  say.say(`acknowledged: ${firstLine(run.ack)}`);
  const started = await waitFor("the started job's card with a Cancel button", async () => {
    for (const record of await client.responses(run.triggerId))
      if (buttonValue(record.body, "job_cancel")) return record;
    return undefined;
  });
  const canceledJobId = buttonValue(started.body, "job_cancel") as string;
  say.say(`posted in the channel: ${firstLine(started.body)}`);
  const press = await client.pressButton("job_cancel", canceledJobId);
  if (press.status !== 200) throw new Error(`the Cancel button answered ${press.status}`);
  await client.advance(5);
  const canceled = await waitFor(
    `job ${canceledJobId} to be CANCELED`,
    async () => ((await client.run(`job:${canceledJobId}`))?.status === "CANCELED" ? true : undefined),
    tickAndWait,
  );
  if (canceled) say.say(`pressed Cancel on job ${canceledJobId} -> CANCELED`);
  const answer = await waitFor("the Cancel result in the channel", async () =>
    last(await client.responses(press.triggerId)),
  );
  say.say(`posted in the channel: ${firstLine(answer.body)}`);

  say.step("In Slack: /datachain trigger @ns.proj.weights@1.0.0, a pipeline and its progress");
  const trigger = await client.slashCommand("trigger @ns.proj.weights@1.0.0");
  if (trigger.status !== 200) throw new Error(`/datachain trigger answered ${trigger.status}`);
  const pipelineCard = await waitFor("the pipeline card", async () => {
    for (const record of await client.responses(trigger.triggerId))
      if (buttonValue(record.body, "pipeline_pause")) return record;
    return undefined;
  });
  const pipelineId = buttonValue(pipelineCard.body, "pipeline_pause") as string;
  say.say(`pipeline ${pipelineId}: ${firstLine(pipelineCard.body)}`);
  const seen = new Set<string>();
  await waitFor(
    "the pipeline to be COMPLETED",
    async () => {
      const tracked = await client.run(`pipeline:${pipelineId}`);
      const progress = tracked?.progress ? ` ${tracked.progress.completed}/${tracked.progress.total} jobs` : "";
      const state = `${tracked?.status}${progress}`;
      if (tracked && !seen.has(state)) {
        seen.add(state);
        say.say(`progress: ${state}`);
      }
      return tracked?.status === "COMPLETED" ? true : undefined;
    },
    {
      timeoutMs: 60_000,
      between: async () => {
        await client.advance(8);
        await client.tick();
      },
    },
  );

  say.step("A commit whose job fails: its notifications carry the last log lines");
  // The emulator decides how a job ends from a substring of its query, which carries the commit id.
  const failedSha = newSha();
  await client.control("/outcomes", { match: failedSha, status: "FAILED", error_message: FAILURE });
  await client.push({ sha: failedSha, files: ["src/model.py"], message: "Try a negative learning rate" });
  say.say(`pushed ${failedSha.slice(0, 7)}; the emulator will fail its job with "${FAILURE}"`);
  const failedJobId = jobIdOf(
    await waitFor("a pending commit status on the failing commit", () => statusOn(client, failedSha, "pending")),
  );
  await client.advance(40);
  const failure = await waitFor(
    "a failure commit status on the failing commit",
    () => statusOn(client, failedSha, "failure"),
    tickAndWait,
  );
  if (!failure.description?.includes("ValueError"))
    throw new Error(`the failure status has no log lines: ${failure.description}`);
  say.say(`GitHub: failure ${failure.context}: ${failure.description}`);
  const thread = await waitFor("a threaded Slack reply with the error", async () =>
    last(
      (await client.sink("slack")).filter(
        (record) =>
          inChannel(record, ALERTS_CHANNEL) &&
          (record.body as { thread_ts?: string }).thread_ts &&
          mentions(record, "ValueError") &&
          mentions(record, failedSha.slice(0, 7)),
      ),
    ),
  );
  say.say(`Slack ${ALERTS_CHANNEL} thread: ${messageText(thread.body).replace(/\n/g, " ")}`);

  return { pushedSha: push.sha, jobId, canceledJobId, pipelineId, failedSha, failedJobId };
}

interface CommitStatus {
  state: string;
  context: string;
  description?: string;
  target_url?: string;
}

async function statusOn(client: LocalClient, sha: string, state: string): Promise<CommitStatus | undefined> {
  const statuses = (await client.sink("github"))
    .filter((record) => record.method === "POST" && record.path.endsWith(`/statuses/${sha}`))
    .map((record) => record.body as CommitStatus);
  return statuses.find((status) => status.state === state);
}

function jobIdOf(status: CommitStatus): string {
  const id = status.target_url?.split("/jobs/")[1];
  if (!id) throw new Error(`the commit status links no Studio job: ${JSON.stringify(status)}`);
  return id;
}

/** A slash command's answer: in the acknowledgement, or on its response_url when Studio was slow. */
async function slackAnswer(client: LocalClient, text: string): Promise<unknown> {
  const command = await client.slashCommand(text);
  if (command.status !== 200) throw new Error(`/datachain ${text} answered ${command.status}`);
  if (command.ack && !/shortly/.test(messageText(command.ack))) return command.ack;
  return waitFor(`the answer to /datachain ${text}`, async () => last(await client.responses(command.triggerId))?.body);
}

const inChannel = (record: SinkRecord, channel: string) =>
  record.path.includes("/chat.") && (record.body as { channel?: string }).channel === channel;
const mentions = (record: SinkRecord, text: string) => JSON.stringify(record.body).includes(text);
const slackMethod = (record: SinkRecord) => record.path.split("/").pop();
const firstLine = (message: unknown) => messageText(message).split("\n")[0] ?? "";
const last = <T>(items: T[]): T | undefined => items[items.length - 1];
