import type { JobLogs, JobOutput } from "../studio/schemas";
import { type Block, escapeText, SECTION_TEXT_LIMIT, type SlackMessage, statusEmoji } from "./cards";

/**
 * The last `tail` log lines in a code block, cut from the top to fit one section, with a link to the job
 * page in Studio for the rest.
 */
export function logsCard(job: JobOutput, logs: JobLogs, tail: number): SlackMessage {
  const name = job.name ?? job.id.slice(0, 8);
  const lines = logs.logs.slice(-tail).map((line) => `${line.timestamp.slice(11, 19)} ${line.message}`);
  const budget = SECTION_TEXT_LIMIT - 100;
  let shown = lines.map(escapeText);
  while (shown.length > 1 && shown.join("\n").length > budget) shown = shown.slice(1);
  let body = shown.join("\n");
  if (body.length > budget) body = `…${body.slice(-budget)}`;
  const hidden = logs.logs.length - shown.length;
  const blocks: Block[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${statusEmoji(logs.status)} Logs of *<${job.url}|${escapeText(name)}>*  \`${logs.status}\``,
      },
    },
    { type: "section", text: { type: "mrkdwn", text: body ? `\`\`\`${body}\`\`\`` : "_no log lines yet_" } },
  ];
  if (hidden > 0)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `${hidden} earlier line(s) not shown · <${job.url}|full logs in Studio>` }],
    });
  return { text: `Logs of job ${name}: ${logs.status}`, blocks };
}
