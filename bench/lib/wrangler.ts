import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Bundle size as `wrangler deploy --dry-run` reports it: "Total Upload: X KiB / gzip: Y KiB". */
export interface BundleSize {
  totalKiB: number;
  gzipKiB: number;
}

/** Start-up as `wrangler check startup` profiles it: CPU active in the Worker's global scope, locally. */
export interface StartupProfile {
  activeMs: number;
  gcMs: number;
}

const number = (text: string, pattern: RegExp, what: string) => {
  const match = text.match(pattern);
  if (!match) throw new Error(`no ${what} in wrangler's output:\n${text}`);
  return Number(match[1]);
};

async function wrangler(wranglerBin: string, args: string[], cwd: string): Promise<string> {
  const { stdout, stderr } = await run(wranglerBin, args, {
    cwd,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}

/** Runs the deploy dry run into `outdir` (nothing is uploaded) and reads the sizes it prints. */
export async function bundleSize(
  wranglerBin: string,
  config: string,
  cwd: string,
  outdir: string,
  extraArgs: string[] = [],
): Promise<BundleSize> {
  const args = ["deploy", "--dry-run", "--outdir", outdir, "--config", config, ...extraArgs];
  const text = await wrangler(wranglerBin, args, cwd);
  return {
    totalKiB: number(text, /Total Upload: ([\d.]+) KiB/, "Total Upload"),
    gzipKiB: number(text, /gzip: ([\d.]+) KiB/, "gzip size"),
  };
}

/** Profiles the Worker's start-up (module evaluation in workerd) with `wrangler check startup`. */
export async function startupProfile(
  wranglerBin: string,
  config: string,
  cwd: string,
  outfile: string,
): Promise<StartupProfile> {
  const args = ["check", "startup", "--config", config, "--outfile", outfile];
  const text = await wrangler(wranglerBin, args, cwd);
  return {
    activeMs: number(text, /Active: ([\d.]+) ms/, "Active time"),
    // Absent when no collection ran during start-up.
    gcMs: Number(text.match(/including ([\d.]+) ms garbage/)?.[1] ?? 0),
  };
}
