import { describe, expect, it } from "vitest";
import { SECTION_TEXT_LIMIT } from "../../src/slack/cards";
import { logsCard } from "../../src/slack/logs";
import type { JobLogs, JobOutput } from "../../src/studio/schemas";

const job = {
  id: "0b6f2c4e-1111-4222-8333-444455556666",
  url: "https://studio.datachain.ai/team/dev-team/jobs/0b6f2c4e-1111-4222-8333-444455556666",
  name: "train",
} as JobOutput;

function logs(lines: string[]): JobLogs {
  return {
    job_id: job.id,
    status: "FAILED",
    logs: lines.map((message, i) => ({ timestamp: `2026-12-01T09:00:${String(i % 60).padStart(2, "0")}Z`, message })),
  };
}

describe("the logs card", () => {
  it("keeps the newest lines within Slack's 3,000 characters and links to the rest", () => {
    const card = logsCard(job, logs(Array.from({ length: 100 }, (_, i) => `line ${i} ${"x".repeat(80)}`)), 100);
    const code = (card.blocks[1] as { text: { text: string } }).text.text;
    expect(code.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    expect(code).toContain("line 99 ");
    expect(code).not.toContain("line 0 ");
    expect(JSON.stringify(card.blocks[2])).toContain(`<${job.url}|full logs in Studio>`);
  });

  it("cuts a single enormous line from the front, keeping its end", () => {
    const card = logsCard(job, logs([`start ${"y".repeat(10_000)} Traceback: the end`]), 30);
    const code = (card.blocks[1] as { text: { text: string } }).text.text;
    expect(code.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    expect(code).toContain("Traceback: the end```");
  });

  it("escapes what Slack would read as links or mentions", () => {
    const card = logsCard(job, logs(["<!channel> & <http://evil|click>"]), 30);
    expect((card.blocks[1] as { text: { text: string } }).text.text).toContain(
      "&lt;!channel&gt; &amp; &lt;http://evil|click&gt;",
    );
  });
});
