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
}): string {
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  for (const module of ["memory-kv.js", "memory-queue.js"]) {
    copyFileSync(join(import.meta.dirname, "../workerd", module), join(dir, module));
  }
  copyFileSync(join(options.bundleDir, "index.js"), join(dir, "index.js"));
  const text = (name: string, value: string) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`;
  const wrapped = (name: string, module: string) =>
    `(name = ${JSON.stringify(name)}, wrapped = (moduleName = "bench:${module}"))`;
  const bindings = [
    ...Object.entries(options.vars).map(([name, value]) => text(name, value)),
    ...(options.kv ?? []).map((name) => wrapped(name, "memory-kv")),
    ...(options.queues ?? []).map((name) => wrapped(name, "memory-queue")),
  ];
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # Loopback only: the Studio emulator and its GitHub and Slack sinks.
    (name = "loopback", network = (allow = ["local", "private"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${options.port}", http = (), service = "main")],
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
`;
  const path = join(dir, "config.capnp");
  writeFileSync(path, config);
  return path;
}
