// Runs the built `apol` executable as a child process, as users and CI run it; builds first if `dist/` is stale.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const bin = join(root, "cli", "bin", "apol.js");

/** `npm test` builds before testing; `npx vitest run test/e2e` alone may find `dist/` stale, and `tsc -b` is a no-op when it is not. */
export function buildOnce(): void {
  const build = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-b"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`\`tsc -b\` failed, so the CLI cannot be tested:\n${build.stdout}${build.stderr}`);
}

/** Runs `apol` in `cwd`, with `input` on its stdin when given, and captures everything. */
export function apol(args: readonly string[], cwd: string, input?: string): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", ...(input === undefined ? {} : { input }) });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
