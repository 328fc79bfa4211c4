import { Hono } from "hono";
import { EmulatorClock, seededRandom } from "./clock";
import { controlApi } from "./control";
import { DROP_HEADER, FaultInjector } from "./faults";
import { EmulatorOptions } from "./options";
import { RequestLog } from "./requests";
import { fileKey, githubSink, type PullRequestSeed, pullKey } from "./sinks/github";
import { SinkLog } from "./sinks/record";
import { slackSink } from "./sinks/slack";
import { studioApi } from "./studio/api";
import { StudioWebhookSender, webhookControl } from "./studio/webhooks";
import { StudioWorld } from "./studio/world";

export interface Emulator {
  /** The Hono app: `/api/*` is Studio, `/_emulator/*` the control API. */
  app: Hono;
  world: StudioWorld;
  clock: EmulatorClock;
  faults: FaultInjector;
  requests: RequestLog;
  /** Studio's outgoing team webhooks: where they go, their faults, what was sent. */
  webhooks: StudioWebhookSender;
  /** What the local GitHub, Slack and webhook sinks received. */
  sinks: SinkLog;
  /** Files the local GitHub serves, by `fileKey(repository, ref, path)` (ref `*` matches any). */
  githubFiles: Map<string, string>;
  /** Repository permission per GitHub login (default `read`). */
  githubPermissions: Map<string, string>;
  /** Members of each Slack user group, by group id, for `usergroups.users.list`. */
  slackUsergroups: Map<string, string[]>;
  /** Pull requests the local GitHub serves, by `pullKey(repository, number)`. */
  githubPulls: Map<string, PullRequestSeed>;
  /**
   * A `fetch` that calls the app in-process, for a client under test. A dropped connection surfaces as the
   * `TypeError` a real fetch throws when the peer hangs up.
   */
  fetch: typeof fetch;
}

/** Builds a stateful Studio emulator. It runs the same in workerd (tests) and in Node (`npm run emulator`). */
export function createEmulator(options: EmulatorOptions = {}, clock = new EmulatorClock()): Emulator {
  const resolved = EmulatorOptions.parse(options);
  const world = new StudioWorld(resolved, clock);
  const faults = new FaultInjector(seededRandom(resolved.seed));
  const requests = new RequestLog();
  const sinks = new SinkLog();
  const githubFiles = new Map<string, string>();
  const githubPermissions = new Map<string, string>();
  const slackUsergroups = new Map<string, string[]>();
  const githubPulls = new Map<string, PullRequestSeed>();
  const webhooks = new StudioWebhookSender(world, resolved.webhooks, seededRandom(resolved.seed + 1));

  const app = new Hono({ strict: false });
  app.use("/api/*", requests.middleware(), faults.middleware());
  app.route("/api", studioApi(world));
  app.route("/github", githubSink(sinks, clock, githubFiles, githubPermissions, githubPulls));
  app.route("/slack", slackSink(sinks, clock, slackUsergroups));
  // Outgoing webhooks from the bridge land here: any path, recorded as it came.
  app.post("/receiver/*", async (c) => {
    await sinks.record("webhook", c, clock.now());
    return c.json({ ok: true });
  });
  app.route("/_emulator", controlApi(world, faults, requests));
  app.route("/_emulator/webhooks", webhookControl(webhooks));
  app.get("/_emulator/sinks/:service", (c) => {
    const service = c.req.param("service") as keyof SinkLog["records"];
    return c.json({ records: sinks.records[service] ?? [] });
  });
  app.delete("/_emulator/sinks", (c) => {
    sinks.clear();
    return c.json({ ok: true });
  });
  app.post("/_emulator/github/files", async (c) => {
    const file = (await c.req.json()) as { repository: string; ref?: string; path: string; content: string };
    githubFiles.set(fileKey(file.repository, file.ref ?? "*", file.path), file.content);
    return c.json({ ok: true });
  });
  app.post("/_emulator/github/permissions", async (c) => {
    const grant = (await c.req.json()) as { user: string; permission: string };
    githubPermissions.set(grant.user, grant.permission);
    return c.json({ ok: true });
  });
  app.post("/_emulator/slack/usergroups", async (c) => {
    const group = (await c.req.json()) as { id: string; users: string[] };
    slackUsergroups.set(group.id, group.users);
    return c.json({ ok: true });
  });
  app.post("/_emulator/github/pulls", async (c) => {
    const pr = (await c.req.json()) as PullRequestSeed;
    githubPulls.set(pullKey(pr.repository, pr.number), pr);
    return c.json({ ok: true });
  });
  app.get("/", (c) => c.json({ name: "studio-emulator", api: "/api", control: "/_emulator" }));
  app.notFound((c) => c.json({ detail: "Not found." }, 404));

  const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await app.fetch(new Request(input, init));
    if (response.headers.has(DROP_HEADER)) throw new TypeError("Network connection lost.");
    return response;
  };
  return {
    app,
    world,
    clock,
    faults,
    webhooks,
    requests,
    sinks,
    githubFiles,
    githubPermissions,
    slackUsergroups,
    githubPulls,
    fetch: inProcessFetch as typeof fetch,
  };
}
