// `npm run test:vscode`: installs code-server (cached), packages the extension, and runs the smoke test in a network namespace.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isolated, prepareVscode, type VscodeParts } from "./prepare.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const artifacts = join(repo, "test", "artifacts", "vscode");
const started = Date.now();

function seconds(): string {
  return `${((Date.now() - started) / 1000).toFixed(0)} s`;
}

let parts: VscodeParts;
try {
  parts = prepareVscode();
} catch (error) {
  console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
rmSync(artifacts, { recursive: true, force: true });

const smoke = isolated([process.execPath, "--import", "tsx", join(repo, "test", "vscode", "smoke.ts"), parts.install, parts.vsix, artifacts]);
if (!smoke.isolated) console.log("test:vscode: cannot create a network namespace here (needs root); running on the host's loopback");
console.log(`\n==> run the smoke test${smoke.isolated ? " in a network namespace" : ""} (${seconds()})`);
const result = spawnSync(smoke.command, smoke.args, { cwd: repo, stdio: "inherit" });
if (result.status !== 0) {
  console.error(`test:vscode: the smoke test failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status ?? 1);
}
console.log(`\ntest:vscode: done in ${seconds()}; screenshots in ${artifacts}`);
