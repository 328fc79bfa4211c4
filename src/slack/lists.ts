import type { Cluster, JobOutput, JobPipelineOutput } from "../studio/schemas";
import { type Block, escapeText, formatDuration, SECTION_TEXT_LIMIT, type SlackMessage, statusEmoji } from "./cards";

/** Lists for the query commands: one line per item, packed into as few sections as Slack's limits allow. */

/** A list of jobs, one line each, newest first as Studio returns them. */
export function jobListCard(jobs: readonly JobOutput[], now: number, title: string): SlackMessage {
  const lines = jobs.map((job) => {
    const ended = job.finished_at ? Date.parse(job.finished_at) : now;
    const duration = formatDuration(ended - Date.parse(job.created_at));
    return `${statusEmoji(job.status)} *<${job.url}|${escapeText(job.name ?? job.id.slice(0, 8))}>*  \`${job.status}\` · ${duration} · ${escapeText(job.created_by ?? "unknown")} · \`${job.id}\``;
  });
  return listCard(title, lines, "no jobs");
}

/** Pipelines with their status and progress, one line each. */
export function pipelineListCard(pipelines: readonly JobPipelineOutput[], title: string): SlackMessage {
  const lines = pipelines.map(
    (pipeline) =>
      `${statusEmoji(pipeline.status)} *${escapeText(pipeline.name)}*  \`${pipeline.status}\` ${pipeline.completed}/${pipeline.total} · \`${pipeline.pipeline_id}\``,
  );
  return listCard(title, lines, "no pipelines");
}

/** Compute clusters, the default marked. */
export function clusterListCard(clusters: readonly Cluster[]): SlackMessage {
  const lines = clusters.map(
    (cluster) =>
      `${cluster.is_active ? ":large_green_circle:" : ":white_circle:"} *${escapeText(cluster.name)}*${cluster.default ? " (default)" : ""} · ${escapeText(cluster.cloud_provider)} · up to ${cluster.max_workers} workers · \`${cluster.status}\``,
  );
  return listCard("Compute clusters", lines, "no clusters");
}

/** A header and lines packed into sections of at most 3,000 characters each. */
function listCard(title: string, lines: readonly string[], empty: string): SlackMessage {
  const blocks: Block[] = [{ type: "section", text: { type: "mrkdwn", text: `*${escapeText(title)}*` } }];
  let chunk = "";
  for (const line of lines.length > 0 ? lines : [`_${empty}_`]) {
    if (chunk && chunk.length + line.length + 1 > SECTION_TEXT_LIMIT) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${line}` : line.slice(0, SECTION_TEXT_LIMIT);
  }
  blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  return { text: `${title}: ${lines.length}`, blocks };
}
