// A log's files: `PATH.000001`, `PATH.000002`, ... in the order the chain runs through them.
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The name of the `n`-th file of a log. */
export function segmentName(path: string, n: number): string {
  return `${path}.${String(n).padStart(6, "0")}`;
}

/** The files of a log, in order. */
export function segments(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && /^\d{6}$/.test(f.slice(prefix.length)))
    .sort()
    .map((f) => join(dir, f));
}
