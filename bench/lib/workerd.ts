import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A workerd config (Cap'n Proto text) serving a `wrangler deploy --dry-run` bundle on loopback with no dev proxy,
 * no inspector and no Miniflare: the runtime as production runs it, as near as one machine can. Vars become text
 * bindings; KV namespaces and queue producers become the in-memory wrapped bindings in bench/workerd/.
 */
export function workerdConfig(options: {
  /** Where the config and its modules are written. */
  dir: string;
  bundleDir: string;
  port: number;
  compatibilityDate: string;
  vars: Record<string, string>;
  kv?: string[];
  queues?: string[];
  /** A `[{key, value, metadata}]` JSON file the KV stand-ins start with (`wrangler kv bulk put`'s format). */
  kvSeed?: string;
  /**
   * A second socket on this port serving a tiny Worker that fires the bridge's Cron Trigger through a service
   * binding (`GET /?cron=...`), as Miniflare's `/__scheduled` does: plain workerd has no such route.
   */
  triggerPort?: number;
}): string {
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  for (const module of ["memory-kv.js", "memory-queue.js", "trigger.js"]) {
    copyFileSync(join(import.meta.dirname, "../workerd", module), join(dir, module));
  }
  copyFileSync(join(options.bundleDir, "index.js"), join(dir, "index.js"));
  const text = (name: string, value: string) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`;
  if (options.kvSeed) copyFileSync(options.kvSeed, join(dir, "kv-seed.json"));
  const seed = options.kvSeed ? `, innerBindings = [(name = "seed", data = embed "kv-seed.json")]` : "";
  const wrapped = (name: string, module: string) =>
    `(name = ${JSON.stringify(name)}, wrapped = (moduleName = "bench:${module}"${module === "memory-kv" ? seed : ""}))`;
  const bindings = [
    ...Object.entries(options.vars).map(([name, value]) => text(name, value)),
    ...(options.kv ?? []).map((name) => wrapped(name, "memory-kv")),
    ...(options.queues ?? []).map((name) => wrapped(name, "memory-queue")),
  ];
  const trigger = options.triggerPort
    ? {
        service: `\n    (name = "trigger", worker = .trigger),`,
        socket: `\n    (name = "trigger", address = "127.0.0.1:${options.triggerPort}", http = (), service = "trigger"),`,
        worker: `const trigger :Workerd.Worker = (
  modules = [(name = "trigger.js", esModule = embed "trigger.js")],
  compatibilityDate = "${options.compatibilityDate}",
  compatibilityFlags = ["service_binding_extra_handlers"],
  bindings = [(name = "BRIDGE", service = "main")],
);
`,
      }
    : { service: "", socket: "", worker: "" };
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),${trigger.service}
    # Loopback only: the Studio emulator and its GitHub and Slack sinks.
    (name = "loopback", network = (allow = ["local", "private"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:${options.port}", http = (), service = "main"),${trigger.socket}
  ],
  extensions = [(modules = [
    (name = "bench:memory-kv", esModule = embed "memory-kv.js", internal = true),
    (name = "bench:memory-queue", esModule = embed "memory-queue.js", internal = true),
  ])],
);
const worker :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed "index.js")],
  compatibilityDate = "${options.compatibilityDate}",
  bindings = [${bindings.join(",\n    ")}],
  globalOutbound = "loopback",
);
${trigger.worker}`;
  const path = join(dir, "config.capnp");
  writeFileSync(path, config);
  return path;
}
