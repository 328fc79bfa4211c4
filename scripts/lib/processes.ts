import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free loopback port, found by letting the OS pick one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface Started {
  process: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a command and waits until `readyUrl` answers; fails with the command's output if it never does. */
export async function startProcess(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; readyUrl: string; timeoutMs?: number },
): Promise<Started> {
  const child = spawn(command, args, {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      // The whole group: npm scripts and wrangler start children of their own.
      process.kill(-(child.pid as number), "SIGTERM");
    });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} exited early:\n${output}`);
    try {
      await fetch(options.readyUrl);
      return { process: child, url: new URL(options.readyUrl).origin, output: () => output, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stop();
  throw new Error(`${command} did not answer at ${options.readyUrl}:\n${output}`);
}
