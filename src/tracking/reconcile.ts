import type { Deps } from "../deps";
import { type NotificationMessage, sendNotifications } from "../notify/enqueue";
import { StudioError } from "../studio/error";
import type { JobPipelineOutput, JobSummary } from "../studio/schemas";
import { applyFirstSighting, applyObservation, stuckThresholds } from "./apply";
import { isOverdueSince } from "./diff";
import { type Observation, observeJob, observePipeline, runIdOf } from "./observe";
import type { ActiveSummary } from "./run";

/**
 * Subrequests one tick may spend on Studio: the free plan allows 50 per invocation, and a few stay free for
 * the queue send. Listing calls come first; the rest fetches runs that left the active listing.
 */
export const STUDIO_REQUEST_BUDGET = 45;
/** Changed runs handled per tick: each costs a read and two writes, well under the 1,000 KV operations. */
export const CHANGE_BUDGET = 200;
/** The largest `limit` the tick asks `GET jobs/` for (an assumption about Studio; see docs/tracking.md). */
export const MAX_LIST_LIMIT = 10_000;

export interface ReconcileReport {
  active: number;
  changed: number;
  fetched: number;
  /** Runs that left the listing and wait for a later tick, past this tick's budget. */
  backlog: number;
  notifications: number;
}

interface ActiveRun {
  id: string;
  summary: ActiveSummary;
}

/**
 * The cron half of tracking: learn the active set from the KV index (`list` only), ask Studio once per team
 * for its active jobs and once for its pipelines, and touch only runs whose status, progress or stuck state
 * differs. Runs that left the active listing are fetched one by one, within budget, resuming next tick
 * from a cursor. Nothing is written when nothing changed.
 */
export async function reconcileRuns(deps: Deps, now: number): Promise<ReconcileReport> {
  const { runs: active, backlogAfter } = await deps.runs.listAllActive();
  const sweep = await sweepListings(deps, active, now);
  const messages: NotificationMessage[] = [];
  let changed = 0;
  const apply = async (run: ActiveRun, observed: Observation) => {
    const previous = await deps.runs.get(run.id);
    if (!previous) return deps.runs.forgetActive(run.id);
    const result = await applyObservation(deps, previous, observed, now, "poll");
    if (result.run !== previous) changed += 1;
    messages.push(...result.messages);
  };

  for (const { run, observed } of sweep.due.slice(0, CHANGE_BUDGET)) await apply(run, observed);
  // `tracking.all_jobs`: active jobs nobody tracks yet (a read each, to be sure the index is not just behind).
  for (const observed of sweep.unseen.slice(0, Math.max(0, CHANGE_BUDGET - sweep.due.length))) {
    if (await deps.runs.get(runIdOf("job", observed.studio_id))) continue;
    const result = await applyFirstSighting(deps, observed, now, "poll");
    if (result.run) changed += 1;
    messages.push(...result.messages);
  }

  // Runs that left the active listing: fetch each to learn how it ended, within budget, resuming after the
  // last one fetched so a large backlog drains across ticks instead of starving its tail.
  const leavers = rotateAfter(sweep.missing, backlogAfter);
  const budget = Math.max(0, Math.min(STUDIO_REQUEST_BUDGET - sweep.requests, CHANGE_BUDGET - sweep.due.length));
  let fetched = 0;
  for (const run of leavers.slice(0, budget)) {
    const observed = await fetchRun(deps, run);
    if (observed === "error") break;
    fetched += 1;
    if (observed !== "gone") await apply(run, observed);
    else {
      deps.log.warn("run_gone_from_studio", { run: run.id });
      await deps.runs.retire(run.id);
    }
  }
  const backlog = leavers.length - fetched;
  const resumeAfter = backlog > 0 ? (leavers[fetched - 1]?.id ?? backlogAfter) : undefined;
  await deps.runs.setBacklogCursor(resumeAfter, backlogAfter);

  await sendNotifications(deps.queue, messages);
  const report = { active: active.length, changed, fetched, backlog, notifications: messages.length };
  deps.log.info("runs_reconciled", { ...report });
  return report;
}

interface Sweep {
  /** Listed runs whose summary is out of date, with what Studio says now. */
  due: { run: ActiveRun; observed: Observation }[];
  /** Tracked runs the listings no longer show: they ended (or are gone). */
  missing: ActiveRun[];
  /** `tracking.all_jobs`: listed active jobs the index does not know. */
  unseen: Observation[];
  requests: number;
}

/**
 * Compares the active index with Studio's listings, one or two calls per team. A listing that fails leaves
 * that team's runs for the next tick without holding up the other teams; each call is one attempt, since
 * the next tick is the retry and retries would spend the subrequest budget.
 */
async function sweepListings(deps: Deps, active: ActiveRun[], now: number): Promise<Sweep> {
  const thresholds = stuckThresholds(deps.config);
  const allJobs = deps.config.tracking.all_jobs;
  const sweep: Sweep = { due: [], missing: [], unseen: [], requests: 0 };
  const once = { retry: false };
  const listing = async <T>(team: string, what: string, call: () => Promise<T[]>) => {
    sweep.requests += 1;
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof StudioError)) throw error;
      deps.log.warn("reconcile_listing_failed", { team, what, error: error.code });
      return undefined;
    }
  };
  const classify = <T>(runs: ActiveRun[], listed: Map<string, T>, observe: (item: T) => Observation) => {
    for (const run of runs) {
      const item = listed.get(studioIdOf(run.id));
      if (item === undefined) sweep.missing.push(run);
      else if (differs(run, observe(item), now, thresholds)) sweep.due.push({ run, observed: observe(item) });
    }
  };

  const teams = groupByTeam(active);
  if (allJobs && !teams.has(deps.vars.DATACHAIN_STUDIO_TEAM)) teams.set(deps.vars.DATACHAIN_STUDIO_TEAM, []);
  for (const [team, runs] of teams) {
    const studio = deps.studio(team);
    const jobs = runs.filter((run) => run.summary.kind === "job");
    if (jobs.length > 0 || allJobs) {
      const limit = Math.min(MAX_LIST_LIMIT, Math.max(100, jobs.length * 2));
      const listed = await listing(team, "jobs", () => studio.listJobSummaries({ status: "ACTIVE", limit }, once));
      if (listed) {
        classify(
          jobs,
          byId(listed, (job: JobSummary) => job.id),
          observeJob,
        );
        const tracked = new Set(jobs.map((run) => studioIdOf(run.id)));
        if (allJobs) sweep.unseen.push(...listed.filter((job) => !tracked.has(job.id)).map(observeJob));
      }
    }
    const pipelines = runs.filter((run) => run.summary.kind === "pipeline");
    if (pipelines.length > 0) {
      const listed = await listing(team, "pipelines", () => studio.listPipelines({}, once));
      if (listed) {
        const byPipelineId = byId(listed, (pipeline: JobPipelineOutput) => pipeline.pipeline_id);
        classify(pipelines, byPipelineId, (pipeline) => observePipeline(pipeline, team));
      }
    }
  }
  return sweep;
}

/** Whether the listing shows something the summary does not know: a new status or progress, or overdue. */
function differs(
  run: ActiveRun,
  observed: Observation,
  now: number,
  thresholds: Parameters<typeof isOverdueSince>[4],
): boolean {
  const { summary } = run;
  if (observed.status !== summary.status) return true;
  const progress = observed.progress ? `${observed.progress.completed}/${observed.progress.total}` : undefined;
  if (progress !== undefined && progress !== summary.progress) return true;
  return !summary.stuck && isOverdueSince(summary.kind, summary.status, summary.since, now, thresholds);
}

async function fetchRun(deps: Deps, run: ActiveRun): Promise<Observation | "gone" | "error"> {
  const studio = deps.studio(run.summary.team);
  const studioId = studioIdOf(run.id);
  try {
    const once = { retry: false };
    return run.summary.kind === "job"
      ? observeJob(await studio.getJob(studioId, once))
      : observePipeline(await studio.pipelineStatus({ pipeline_id: studioId }, once), run.summary.team);
  } catch (error) {
    if (error instanceof StudioError && error.code === "studio_not_found") return "gone";
    deps.log.warn("run_fetch_failed", { run: run.id, error: String(error) });
    return "error";
  }
}

function groupByTeam(runs: ActiveRun[]): Map<string, ActiveRun[]> {
  const teams = new Map<string, ActiveRun[]>();
  for (const run of runs) {
    const team = teams.get(run.summary.team);
    if (team) team.push(run);
    else teams.set(run.summary.team, [run]);
  }
  return teams;
}

function byId<T>(items: T[], id: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [id(item), item]));
}

function studioIdOf(runId: string): string {
  return runId.slice(runId.indexOf(":") + 1);
}

/** The runs after `after` first, then the rest: a round-robin over ticks. */
function rotateAfter(runs: ActiveRun[], after: string | undefined): ActiveRun[] {
  const sorted = [...runs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (after === undefined) return sorted;
  const start = sorted.findIndex((run) => run.id > after);
  return start <= 0 ? sorted : [...sorted.slice(start), ...sorted.slice(0, start)];
}
