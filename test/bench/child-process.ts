// Runs one engine's benchmark in a fresh Node process, so no JIT state or heap leaks from one engine to the next.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildConfig, ChildResult } from "./child.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const childScript = fileURLToPath(new URL("./child.ts", import.meta.url));

/**
 * Runs `config` in a child process and returns its result. A child killed by a signal is run once more:
 * V8 itself has been seen to abort in its deoptimiser in the cedar-wasm child (about one run in five with
 * `--expose-gc`, which is therefore not used; none in sixteen without). Any other failure throws.
 */
export function runChild(config: ChildConfig, log: (line: string) => void, attempt = 1): ChildResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", childScript, JSON.stringify(config)], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.signal !== null && attempt === 1) {
    log(`  the ${config.engine} child was killed by ${child.signal}; running it again`);
    return runChild(config, log, 2);
  }
  if (child.status !== 0) throw new Error(`the ${config.engine} child failed (${child.signal ?? `status ${child.status}`})`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as ChildResult;
}
