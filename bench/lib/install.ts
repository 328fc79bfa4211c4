import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Installs the bench's own dependencies (load tool and peers) with `npm ci --prefix bench` when the lockfile
 * changed since the last install, so a fresh clone needs nothing but `npm run bench`. They live in
 * bench/node_modules and never enter the bridge's dependencies or bundle.
 */
export function ensureInstalled(benchDir: string): void {
  const lock = readFileSync(join(benchDir, "package-lock.json"));
  const digest = createHash("sha256").update(lock).digest("hex");
  const stamp = join(benchDir, "node_modules", ".bench-installed");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return;
  console.log("installing the bench's peers and load tool (npm ci --prefix bench) ...");
  execFileSync("npm", ["ci", "--prefix", benchDir, "--no-audit", "--no-fund", "--loglevel=error"], {
    stdio: "inherit",
    timeout: 300_000,
  });
  writeFileSync(stamp, digest);
}
