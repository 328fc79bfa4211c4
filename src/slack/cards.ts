import type { Origin } from "../actions/action";
import type { JobOutput, JobPipelineOutput, JobRun } from "../studio/schemas";

/**
 * Block Kit cards for a job and a pipeline, shared by command answers and notifications so a run looks the
 * same wherever it appears. https://api.slack.com/reference/block-kit/blocks
 */

export type Block = Record<string, unknown>;
export interface SlackMessage {
  /** Fallback text for notifications and screen readers. */
  text: string;
  blocks: Block[];
}

export interface CardContext {
  /** Epoch ms, for durations of runs still going. */
  now: number;
  origin?: Origin;
  rule?: string;
  /** Cancel / Pause / Resume / Logs buttons (not on a finished run). */
  buttons?: boolean;
}

const STATUS_EMOJI: Record<string, string> = {
  CREATED: ":hourglass_flowing_sand:",
  SCHEDULED: ":calendar:",
  PROVISIONING: ":hourglass_flowing_sand:",
  QUEUED: ":hourglass_flowing_sand:",
  PENDING: ":hourglass_flowing_sand:",
  INIT: ":gear:",
  RUNNING: ":arrows_counterclockwise:",
  COMPLETE: ":white_check_mark:",
  COMPLETED: ":white_check_mark:",
  TASK: ":white_check_mark:",
  FAILED: ":x:",
  CANCELING: ":no_entry_sign:",
  CANCELING_SCHEDULED: ":no_entry_sign:",
  CANCELED: ":no_entry_sign:",
  PAUSED: ":double_vertical_bar:",
};

export function statusEmoji(status: string): string {
  return STATUS_EMOJI[status] ?? ":grey_question:";
}

/** `1h 02m`, `3m 05s`, `42s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters; everything shown from outside is escaped. */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** "push to acme/data@main (abc1234) by octocat, rule train-on-main" and the like. */
export function describeOrigin(origin: Origin | undefined, rule?: string): string | undefined {
  if (!origin) return undefined;
  const byRule = rule ? `, rule \`${escapeText(rule)}\`` : "";
  switch (origin.kind) {
    case "github": {
      const where = origin.pull_request
        ? `#${origin.pull_request}`
        : `@${escapeText(origin.ref?.replace(/^refs\/(heads|tags)\//, "") ?? "")}`;
      return `${escapeText(origin.event)} to ${escapeText(origin.repository)}${where} (\`${origin.sha.slice(0, 7)}\`) by ${escapeText(origin.sender)}${byRule}`;
    }
    case "slack":
      return `<@${origin.user}> with \`${escapeText(origin.command)}\`${byRule}`;
    case "schedule":
      return `schedule due ${origin.due}${byRule}`;
    case "admin":
      return `the admin API${byRule}`;
    case "studio":
      return "Studio itself (followed because `tracking.all_jobs` is on)";
  }
}

export function jobCard(job: JobOutput, context: CardContext): SlackMessage {
  const name = job.name ?? job.id.slice(0, 8);
  const started = Date.parse(job.created_at);
  const ended = job.finished_at ? Date.parse(job.finished_at) : context.now;
  const fields = [
    `*Status*\n${statusEmoji(job.status)} ${job.status}`,
    `*Duration*\n${formatDuration(ended - started)}`,
    `*Started by*\n${escapeText(job.created_by ?? "unknown")}`,
    `*Workers*\n${job.workers}`,
  ];
  const blocks: Block[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${statusEmoji(job.status)} *<${job.url}|${escapeText(name)}>*  \`${job.status}\``,
      },
      fields: fields.map((text) => ({ type: "mrkdwn", text })),
    },
  ];
  if (job.error_message) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*Error*\n\`\`\`${escapeText(job.error_message.slice(0, 2800))}\`\`\`` },
    });
  }
  const origin = describeOrigin(context.origin, context.rule);
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `Job \`${job.id}\`${origin ? ` · started by ${origin}` : ""}` }],
  });
  if (context.buttons) {
    const active = job.finished_at === null;
    blocks.push({
      type: "actions",
      elements: [
        button("Logs", "job_logs", job.id),
        ...(active ? [button("Cancel", "job_cancel", job.id, "danger", `Cancel job ${name}?`)] : []),
      ],
    });
  }
  return { text: `${statusEmoji(job.status)} Job ${name}: ${job.status}`, blocks };
}

export function pipelineCard(pipeline: JobPipelineOutput, context: CardContext): SlackMessage {
  const runs = inDependencyOrder(pipeline.job_runs);
  const lines = runs.map((run) => `${statusEmoji(run.status)} ${escapeText(run.name)}  \`${run.status}\``);
  const blocks: Block[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${statusEmoji(pipeline.status)} *${escapeText(pipeline.name)}*  \`${pipeline.status}\`  ${progressBar(pipeline.completed, pipeline.total)} ${pipeline.completed}/${pipeline.total}`,
      },
    },
    { type: "section", text: { type: "mrkdwn", text: lines.join("\n") || "_no jobs_" } },
  ];
  if (pipeline.error_message) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*Error*\n\`\`\`${escapeText(pipeline.error_message.slice(0, 2800))}\`\`\`` },
    });
  }
  const origin = describeOrigin(context.origin, context.rule);
  blocks.push({
    type: "context",
    elements: [
      { type: "mrkdwn", text: `Pipeline \`${pipeline.pipeline_id}\`${origin ? ` · started by ${origin}` : ""}` },
    ],
  });
  if (context.buttons && (pipeline.status === "PENDING" || pipeline.status === "RUNNING")) {
    blocks.push({
      type: "actions",
      elements: [
        button("Pause", "pipeline_pause", pipeline.pipeline_id, undefined, `Pause pipeline ${pipeline.name}?`),
      ],
    });
  } else if (context.buttons && pipeline.status === "PAUSED") {
    blocks.push({ type: "actions", elements: [button("Resume", "pipeline_resume", pipeline.pipeline_id)] });
  }
  return {
    text: `${statusEmoji(pipeline.status)} Pipeline ${pipeline.name}: ${pipeline.status} (${pipeline.completed}/${pipeline.total})`,
    blocks,
  };
}

/** Job runs with every parent before its children (Kahn's algorithm; ties keep Studio's order). */
export function inDependencyOrder(runs: readonly JobRun[]): JobRun[] {
  const ids = new Set(runs.map((run) => run.job_id));
  const placed = new Set<string>();
  const ordered: JobRun[] = [];
  while (ordered.length < runs.length) {
    const next = runs.find(
      (run) => !placed.has(run.job_id) && run.parent_job_ids.every((parent) => placed.has(parent) || !ids.has(parent)),
    );
    // A cycle should never come from Studio; keep the rest in their given order rather than loop.
    const chosen = next ?? runs.find((run) => !placed.has(run.job_id));
    if (!chosen) break;
    placed.add(chosen.job_id);
    ordered.push(chosen);
  }
  return ordered;
}

function progressBar(completed: number, total: number): string {
  const width = 10;
  const filled = total === 0 ? 0 : Math.round((completed / total) * width);
  return `${"▓".repeat(filled)}${"░".repeat(width - filled)}`;
}

function button(text: string, actionId: string, value: string, style?: "danger" | "primary", confirm?: string): Block {
  return {
    type: "button",
    text: { type: "plain_text", text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: { type: "plain_text", text: "Are you sure?" },
            text: { type: "plain_text", text: confirm },
            confirm: { type: "plain_text", text },
            deny: { type: "plain_text", text: "Keep it" },
          },
        }
      : {}),
  };
}

/** A plain answer: one mrkdwn section. */
export function textMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/** Slack caps a section's text at 3,000 characters; code blocks stay a little below it. */
export const SECTION_TEXT_LIMIT = 3000;
