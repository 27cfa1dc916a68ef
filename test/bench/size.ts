// Runs the runtime size check (`runtime-size.ts`) in its own process and reads its figures.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The runtime's bundle sizes, as `runtime-size.ts` prints them. */
export interface RuntimeSize {
  /** The whole runtime (index and ops). */
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** What a stateless app bundles: `createStatelessEnforcer` and the helpers the peer policy's module imports. */
  readonly statelessMinifiedBytes: number;
  readonly statelessGzipBytes: number;
  readonly budgetBytes: number;
  /** The same app with a log and redaction (`logTo`, `redaction`). */
  readonly loggedGzipBytes: number;
  /** A stateful app: `createEnforcer` and the same helpers. */
  readonly statefulGzipBytes: number;
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = fileURLToPath(new URL("./runtime-size.ts", import.meta.url));

/** The sizes of the runtime bundles, the stateless app's with the policy module at `policy`. `runtime-size.ts` exits 1 when over budget; the figures are still reported. */
export function measureRuntimeSize(policy: string): RuntimeSize {
  const child = spawnSync(process.execPath, ["--import", "tsx", script, policy], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const whole = /runtime: (\d+) bytes minified, (\d+) bytes minified\+gzipped/.exec(child.stdout);
  const app = /stateless app: (\d+) bytes minified, (\d+) bytes minified\+gzipped \(budget (\d+)/.exec(child.stdout);
  const logged = /stateless app with log and redaction: \d+ bytes minified, (\d+) bytes minified\+gzipped/.exec(child.stdout);
  const stateful = /stateful app: \d+ bytes minified, (\d+) bytes minified\+gzipped/.exec(child.stdout);
  if (!whole || !app || !logged || !stateful) throw new Error(`runtime-size.ts printed no size (status ${child.status}): ${child.stdout.trim()}`);
  return {
    minifiedBytes: Number(whole[1]),
    gzipBytes: Number(whole[2]),
    statelessMinifiedBytes: Number(app[1]),
    statelessGzipBytes: Number(app[2]),
    budgetBytes: Number(app[3]),
    loggedGzipBytes: Number(logged[1]),
    statefulGzipBytes: Number(stateful[1]),
  };
}
