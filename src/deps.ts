import { type Clock, systemClock } from "./clock";
import { durationSeconds } from "./config/duration";
import { type BridgeVars, type Env, readVars, SECRET_NAMES } from "./config/env";
import type { BridgeConfig } from "./config/schema";
import { BridgeError } from "./errors";
import { createLogger, type Logger } from "./log";
import type { QueueMessage } from "./queue/message";
import { StudioClient } from "./studio/client";
import { RunStore } from "./tracking/store";

/**
 * Everything a handler needs from outside, built once per invocation from the Worker's env. Tests hand in
 * the emulator's fetch, a manual clock and a config of their own; nothing else is mocked.
 */
export interface Deps {
  env: Env;
  vars: BridgeVars;
  config: BridgeConfig;
  /** Outbound HTTP: Studio, GitHub, Slack, outgoing webhooks. */
  fetch: typeof fetch;
  clock: Clock;
  kv: KVNamespace;
  queue: Queue<QueueMessage>;
  runs: RunStore;
  log: Logger;
  /** The Studio client for a team (the configured one by default). */
  studio(team?: string): StudioClient;
  /** Work after the response; the platform allows 30 s. */
  waitUntil(promise: Promise<unknown>): void;
}

/** The Hono environment of every route: the Worker's bindings and the Deps built for the request. */
export type AppEnv = { Bindings: Env; Variables: { deps: Deps } };

/** What callers may replace. */
export interface DepsOverrides {
  fetch?: typeof fetch;
  clock?: Clock;
  config?: BridgeConfig;
  log?: Logger;
  /** Tests record what is sent and drain it through the consumer themselves. */
  queue?: Queue<QueueMessage>;
}

export function createDeps(
  env: Env,
  config: BridgeConfig,
  overrides: DepsOverrides = {},
  ctx?: ExecutionContext,
): Deps {
  const cached = perIsolate(env);
  const { vars } = cached;
  if (!env.BRIDGE_KV)
    throw new BridgeError(500, "bridge_misconfigured", "the BRIDGE_KV binding is missing; see wrangler.toml");
  if (!env.ACTIONS)
    throw new BridgeError(500, "bridge_misconfigured", "the ACTIONS queue binding is missing; see wrangler.toml");
  const fetcher = overrides.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const clock = overrides.clock ?? systemClock;
  const effectiveConfig = overrides.config ?? config;
  const clients = new Map<string, StudioClient>();
  return {
    env,
    vars,
    config: effectiveConfig,
    fetch: fetcher,
    clock,
    kv: env.BRIDGE_KV,
    queue: overrides.queue ?? env.ACTIONS,
    runs: new RunStore(env.BRIDGE_KV, durationSeconds(effectiveConfig.tracking.keep_finished)),
    log: overrides.log ?? cached.logger(effectiveConfig),
    studio(team = vars.DATACHAIN_STUDIO_TEAM) {
      let client = clients.get(team);
      if (!client) {
        client = new StudioClient({
          baseUrl: vars.DATACHAIN_STUDIO_URL,
          token: vars.DATACHAIN_STUDIO_TOKEN,
          team,
          fetch: fetcher,
          clock,
        });
        clients.set(team, client);
      }
      return client;
    },
    waitUntil(promise) {
      if (ctx) ctx.waitUntil(promise);
    },
  };
}

/**
 * What depends only on the Worker's env (and config), kept for the isolate's lifetime, keyed by the env object:
 * workerd hands an isolate's requests the same env (were it a fresh object each time, this would only miss),
 * and a new secret or var comes with a new isolate. Validating the vars and building the redacting logger per
 * request was about a tenth of a webhook's CPU.
 */
const isolateCache = new WeakMap<Env, { vars: BridgeVars; logger(config: BridgeConfig): Logger }>();

function perIsolate(env: Env) {
  let entry = isolateCache.get(env);
  if (!entry) {
    // Not cached when it throws: a misconfigured Worker answers each request with what is missing.
    const vars = readVars(env);
    const loggers = new WeakMap<BridgeConfig, Logger>();
    entry = {
      vars,
      logger(config) {
        let log = loggers.get(config);
        if (!log) {
          log = createLogger([...SECRET_NAMES.map((name) => vars[name]), ...secretValuesNamedBy(config, env)]);
          loggers.set(config, log);
        }
        return log;
      },
    };
    isolateCache.set(env, entry);
  }
  return entry;
}

/** Values of the secrets the config refers to by name (webhook signing keys, Slack webhook URLs). */
function secretValuesNamedBy(config: BridgeConfig, env: Env): string[] {
  const names = config.notifiers.flatMap((notifier) =>
    notifier.type === "webhook"
      ? [notifier.secret]
      : notifier.type === "slack" && notifier.webhook_url_secret
        ? [notifier.webhook_url_secret]
        : [],
  );
  return names.map((name) => env[name]).filter((value): value is string => typeof value === "string");
}
