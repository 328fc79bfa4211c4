import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { freePort } from "../../scripts/lib/processes";
export interface Server {
  name: string;
  url: string;
  /** The process group leader; the CPU counters cover it and every descendant. */
  pid: number;
  /** From spawn to the first HTTP answer on the ready path, in ms. */
  readyMs: number;
  output: () => string;
  stop: () => Promise<void>;
}

const running = new Set<ChildProcess>();

/**
 * Pins this process (every thread) to `cpus`, so the load generator and the servers under load do not take
 * turns on the same core. Returns false where `taskset` is missing or refused (the run goes on unpinned).
 */
export function pinSelf(cpus: string): boolean {
  try {
    execFileSync("taskset", ["-a", "-p", "-c", cpus, String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Bounds a run in time, whatever hangs: past `seconds` every server it started is killed and the process exits 1;
 * Ctrl-C and SIGTERM kill them too. Returns what lifts the bound at the end of the run.
 */
export function boundRun(name: string, seconds: number): () => void {
  const watchdog = setTimeout(() => {
    console.error(`${name}: time limit reached; stopping every server it started`);
    killAll();
    process.exit(1);
  }, seconds * 1000);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
  return () => clearTimeout(watchdog);
}

/** The Studio emulator (`npm run emulator` in `root`) on a free loopback port. */
export async function startEmulator(root: string, cpus?: string): Promise<Server> {
  const port = await freePort();
  return await startServer("studio-emulator", "npm", ["run", "--silent", "emulator"], {
    cwd: root,
    env: { PORT: String(port) },
    readyUrl: `http://127.0.0.1:${port}/`,
    cpus,
  });
}

/** Kills every server still running (the harness's own children only), for the watchdog and for Ctrl-C. */
export function killAll(): void {
  for (const child of running) killGroup(child, "SIGKILL");
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // The whole group: npm scripts and wrangler start children of their own (workerd).
    process.kill(-(child.pid as number), signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts a server in its own process group on loopback and waits (bounded) until `readyUrl` answers over HTTP;
 * fails with the server's output if it exits or never answers.
 */
export async function startServer(
  name: string,
  command: string,
  args: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    readyUrl: string;
    timeoutMs?: number;
    /** CPUs the server and its children may run on (`taskset -c` list, e.g. "1"); all when not given. */
    cpus?: string;
  },
): Promise<Server> {
  const started = performance.now();
  const [file, argv] = options.cpus ? ["taskset", ["-c", options.cpus, command, ...args]] : [command, args];
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const stop = () =>
    new Promise<void>((resolve) => {
      running.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      killGroup(child, "SIGTERM");
    });
  const deadline = started + (options.timeoutMs ?? 60_000);
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early (${child.exitCode}):\n${output}`);
    try {
      await fetch(options.readyUrl, { signal: AbortSignal.timeout(2_000) });
      const readyMs = performance.now() - started;
      const url = new URL(options.readyUrl).origin;
      return { name, url, pid: child.pid as number, readyMs, output: () => output, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  throw new Error(`${name} did not answer at ${options.readyUrl} in time:\n${output}`);
}
