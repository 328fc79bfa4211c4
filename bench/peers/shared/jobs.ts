/**
 * What every Slack peer does after acknowledging `/datachain jobs`, so that each does the bridge's work: ask
 * Studio for the latest ten jobs (the same request the bridge's client makes) and post them as a Block Kit
 * list to the command's `response_url`. Plain `fetch`, so it runs on workerd and Node alike.
 */
export interface StudioSettings {
  url: string;
  token: string;
  team: string;
}

interface Job {
  id: string;
  name?: string | null;
  status: string;
  created_at?: string | null;
}

export async function latestJobs(studio: StudioSettings): Promise<Job[]> {
  const url = new URL(`${studio.url.replace(/\/+$/, "")}/api/datachain/jobs/`);
  url.searchParams.set("limit", "10");
  url.searchParams.set("team_name", studio.team);
  const response = await fetch(url, {
    headers: { authorization: `token ${studio.token}`, accept: "application/json" },
  });
  if (!response.ok) throw new Error(`Studio answered ${response.status}`);
  return (await response.json()) as Job[];
}

/** The list as an ephemeral message: one section per job. */
export function jobsMessage(jobs: Job[]) {
  const lines = jobs.map((job) => `*${job.name ?? job.id}*  \`${job.status}\`  ${job.created_at ?? ""}`);
  return {
    response_type: "ephemeral" as const,
    text: `Latest jobs (${jobs.length})`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Latest jobs" } },
      ...lines.map((text) => ({ type: "section", text: { type: "mrkdwn", text } })),
    ],
  };
}

/** Looks the jobs up and posts them to `response_url`; a failure is posted as a short warning instead. */
export async function answerJobs(studio: StudioSettings, responseUrl: string): Promise<void> {
  let message: object;
  try {
    message = jobsMessage(await latestJobs(studio));
  } catch (error) {
    message = { response_type: "ephemeral", text: `:warning: Studio did not answer (${String(error)})` };
  }
  const posted = await fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  await posted.arrayBuffer();
}
