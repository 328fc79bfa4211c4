import type { Origin } from "../actions/action";
import type { Deps } from "../deps";
import { StudioError } from "../studio/error";
import type { JobOutput, JobPipelineOutput } from "../studio/schemas";
import type { TrackedRunInput } from "../tracking/run";
import { isFinished } from "../tracking/store";
import { escapeText, jobCard, pipelineCard, type SlackMessage, textMessage } from "./cards";
import type { SlackCommand } from "./command";
import { clusterListCard, jobListCard, pipelineListCard } from "./lists";
import { logsCard } from "./logs";

/** The commands answered by asking Studio (and, for watch/unwatch, the tracked runs in KV). */
export type QueryCommand = Extract<
  SlackCommand,
  { name: "jobs" | "job" | "logs" | "clusters" | "pipelines" | "pipeline" | "watch" | "unwatch" }
>;

export interface QueryContext {
  team: string;
  origin: Extract<Origin, { kind: "slack" }>;
}

/** Answers a query command. Never rejects: a Studio failure becomes a message the user can act on. */
export async function answerQuery(deps: Deps, command: QueryCommand, context: QueryContext): Promise<SlackMessage> {
  try {
    return await answer(deps, command, context);
  } catch (error) {
    if (!(error instanceof StudioError)) {
      // A bug of ours: logged in full, and still an answer rather than "the app did not respond".
      deps.log.error("slack_query_crashed", { command: command.name, error: String(error) });
      return textMessage(":warning: Something went wrong on the bridge; the operators can find it in its logs.");
    }
    deps.log.warn("slack_query_failed", { command: command.name, code: error.code });
    if (error.code === "studio_not_found") return textMessage(`:mag: ${escapeText(notFound(command, context.team))}`);
    return textMessage(`:warning: Studio did not answer (\`${error.code}\`). Try again in a minute.`);
  }
}

async function answer(deps: Deps, command: QueryCommand, { team, origin }: QueryContext): Promise<SlackMessage> {
  const studio = deps.studio(team);
  const now = deps.clock.now();
  switch (command.name) {
    case "jobs": {
      const jobs = await studio.listJobs({ status: command.status, limit: command.limit });
      return jobListCard(jobs, now, command.status ? `Jobs (${command.status})` : "Latest jobs");
    }
    case "job":
      return jobCard(await studio.getJob(command.id), { now, buttons: true });
    case "logs": {
      const [job, logs] = await Promise.all([studio.getJob(command.id), studio.jobLogs(command.id)]);
      return logsCard(job, logs, command.tail);
    }
    case "clusters":
      return clusterListCard(await studio.listClusters());
    case "pipelines": {
      const pipelines = await studio.listPipelines({ status: command.status });
      return pipelineListCard(pipelines, command.status ? `Pipelines (${command.status})` : "Pipelines");
    }
    case "pipeline":
      return pipelineCard(await studio.pipelineStatus(pipelineSelector(command.pipeline)), { now, buttons: true });
    case "watch":
      return watch(deps, await findRun(deps, team, command.target), team, origin);
    case "unwatch":
      return unwatch(deps, await findRun(deps, team, command.target), origin.channel);
  }
}

/** Studio ids are UUIDs; anything else names a pipeline. */
const STUDIO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function pipelineSelector(pipeline: string): { pipeline_id: string } | { name: string } {
  return STUDIO_ID.test(pipeline) ? { pipeline_id: pipeline } : { name: pipeline };
}

type FoundRun = { kind: "job"; job: JobOutput } | { kind: "pipeline"; pipeline: JobPipelineOutput };

/** A job id first (jobs are what people watch most), then a pipeline id or name. */
async function findRun(deps: Deps, team: string, target: string): Promise<FoundRun> {
  const studio = deps.studio(team);
  if (STUDIO_ID.test(target)) {
    const [job] = await studio.listJobs({ jobId: target, limit: 1 });
    if (job) return { kind: "job", job };
  }
  return { kind: "pipeline", pipeline: await studio.pipelineStatus(pipelineSelector(target)) };
}

function cardOf(found: FoundRun, now: number): SlackMessage {
  return found.kind === "job" ? jobCard(found.job, { now }) : pipelineCard(found.pipeline, { now });
}

function runIdOf(found: FoundRun): string {
  return found.kind === "job" ? `job:${found.job.id}` : `pipeline:${found.pipeline.pipeline_id}`;
}

/** Adds this channel to the run's Slack subscribers, tracking the run from Studio's state if need be. */
async function watch(
  deps: Deps,
  found: FoundRun,
  team: string,
  origin: Extract<Origin, { kind: "slack" }>,
): Promise<SlackMessage> {
  const now = deps.clock.now();
  const existing = await deps.runs.get(runIdOf(found));
  const base = existing ?? trackedRunFrom(found, team, origin, new Date(now).toISOString());
  if (isFinished(base))
    return withNote(cardOf(found, now), `:checkered_flag: It has already finished; nothing to watch.`);
  if (base.subscribers?.some((subscriber) => subscriber.channel === origin.channel))
    return withNote(cardOf(found, now), `:eyes: <#${origin.channel}> is already watching it.`);
  await deps.runs.put({
    ...base,
    subscribers: [...(base.subscribers ?? []), { kind: "slack", channel: origin.channel }],
  });
  return withNote(cardOf(found, now), `:eyes: Watching: state changes will be posted in <#${origin.channel}>.`);
}

async function unwatch(deps: Deps, found: FoundRun, channel: string): Promise<SlackMessage> {
  const now = deps.clock.now();
  const existing = await deps.runs.get(runIdOf(found));
  if (!existing?.subscribers.some((subscriber) => subscriber.channel === channel))
    return withNote(cardOf(found, now), `<#${channel}> was not watching it.`);
  await deps.runs.put({ ...existing, subscribers: existing.subscribers.filter((s) => s.channel !== channel) });
  return withNote(cardOf(found, now), `:see_no_evil: Stopped watching: <#${channel}> gets no more updates about it.`);
}

/** A run the bridge did not start, as Studio shows it now. */
function trackedRunFrom(
  found: FoundRun,
  team: string,
  origin: Extract<Origin, { kind: "slack" }>,
  now: string,
): TrackedRunInput {
  if (found.kind === "job") {
    const { job } = found;
    return {
      ...{ id: `job:${job.id}`, kind: "job", studio_id: job.id, team, name: job.name, url: job.url },
      ...{ status: job.status, error_message: job.error_message, created_at: job.created_at, status_since: now },
      origin,
    };
  }
  const { pipeline } = found;
  return {
    ...{ id: `pipeline:${pipeline.pipeline_id}`, kind: "pipeline", studio_id: pipeline.pipeline_id, team },
    ...{ name: pipeline.name, url: null, status: pipeline.status, error_message: pipeline.error_message },
    progress: { completed: pipeline.completed, total: pipeline.total },
    job_runs: pipeline.job_runs.map((run) => ({ job_id: run.job_id, name: run.name, status: run.status })),
    ...{ created_at: pipeline.created_at, status_since: now, origin },
  };
}

/** A card with one line on top saying what just happened. */
export function withNote(card: SlackMessage, note: string): SlackMessage {
  return {
    text: `${note} ${card.text}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: note } }, ...card.blocks],
  };
}

function notFound(command: QueryCommand, team: string): string {
  switch (command.name) {
    case "job":
    case "logs":
      return `Studio has no job \`${command.id}\` in team \`${team}\`.`;
    case "pipeline":
      return `Studio has no pipeline \`${command.pipeline}\` in team \`${team}\`.`;
    case "watch":
    case "unwatch":
      return `Studio has no job or pipeline \`${command.target}\` in team \`${team}\`.`;
    default:
      return `Studio found nothing in team \`${team}\`.`;
  }
}
