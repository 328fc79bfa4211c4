import type { Origin } from "../../src/actions/action";
import type { Deps } from "../../src/deps";
import { onCron } from "../../src/scheduled";
import type { JobOutput, JobPipelineOutput } from "../../src/studio/schemas";
import { observeJob, observePipeline } from "../../src/tracking/observe";
import type { TrackedRun, TrackedRunInput } from "../../src/tracking/run";
import type { BridgeFixture } from "./bridge";

export const githubOrigin: Origin = {
  kind: "github",
  delivery: "d-1",
  event: "push",
  repository: "acme/data",
  sha: "0123456789abcdef0123456789abcdef01234567",
  ref: "refs/heads/main",
  sender: "octocat",
  comment_id: 77,
};

/** A TrackedRun for a job or pipeline the test created in the emulator, as the executor or `watch` writes it. */
export async function track(
  deps: Deps,
  item: { job: JobOutput } | { pipeline: JobPipelineOutput },
  extra: Partial<TrackedRunInput> = {},
): Promise<TrackedRun> {
  const observed = "job" in item ? observeJob(item.job) : observePipeline(item.pipeline, "dev-team");
  return deps.runs.put({
    id: `${observed.kind}:${observed.studio_id}`,
    kind: observed.kind,
    studio_id: observed.studio_id,
    team: "dev-team",
    name: observed.name,
    url: observed.url,
    status: observed.status,
    progress: observed.progress,
    job_runs: observed.job_runs,
    created_at: observed.created_at,
    status_since: new Date(deps.clock.now()).toISOString(),
    origin: githubOrigin,
    rule: "train-on-main",
    ...extra,
  });
}

/** Moves Studio's clock and the bridge's together, then runs the Cron Trigger. */
export async function tick(fixture: BridgeFixture, seconds: number): Promise<void> {
  await fixture.advance(seconds);
  await fixture.clock.sleep(seconds * 1000);
  await onCron(fixture.deps(), fixture.clock.now());
}

/** The events of the notifications queued so far, per notifier: `{log: ["job.queued", ...], ...}`. */
export function queuedEvents(fixture: BridgeFixture): Record<string, string[]> {
  const byNotifier: Record<string, string[]> = {};
  for (const message of fixture.queue.sent) {
    if (message.type !== "notification") continue;
    const { notifier, change } = message.notification as { notifier: string; change: { event: string } };
    byNotifier[notifier] = [...(byNotifier[notifier] ?? []), change.event];
  }
  return byNotifier;
}

/** Studio's webhooks delivered straight into the bridge app, in process. */
export function connectStudioWebhooks(fixture: BridgeFixture, settings: { encoding?: "json" | "form" } = {}): void {
  fixture.emulator.webhooks.configure(
    { url: "http://bridge.test/webhooks/studio", secret: "test-studio-webhook-secret", ...settings },
    async (request) => fixture.app.fetch(request, fixture.env),
  );
}
