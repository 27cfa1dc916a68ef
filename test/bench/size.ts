// Runs the runtime engineer's size check (`runtime-size.ts`) in its own process and reads its figure.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The runtime bundle's size, as `runtime-size.ts` prints it. */
export interface RuntimeSize {
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  readonly budgetBytes: number;
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = fileURLToPath(new URL("./runtime-size.ts", import.meta.url));

/** The size of the runtime bundle. `runtime-size.ts` exits 1 when over budget; the figure is still reported. */
export function measureRuntimeSize(): RuntimeSize {
  const child = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const match = /runtime: (\d+) bytes minified, (\d+) bytes minified\+gzipped \(budget (\d+)\)/.exec(child.stdout);
  if (!match) throw new Error(`runtime-size.ts printed no size (status ${child.status}): ${child.stdout.trim()}`);
  return { minifiedBytes: Number(match[1]), gzipBytes: Number(match[2]), budgetBytes: Number(match[3]) };
}
