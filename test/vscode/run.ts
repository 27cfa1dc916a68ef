// `npm run test:vscode`: installs code-server (cached), packages the extension, and runs the smoke test in a network namespace.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const cache = join(repo, "node_modules", ".cache", "code-server");
const install = join(cache, "code-server-4.100.3", "package");
const artifacts = join(repo, "test", "artifacts", "vscode");
const started = Date.now();

function seconds(): string {
  return `${((Date.now() - started) / 1000).toFixed(0)} s`;
}

/** Runs a step with its output shown; a failing step ends the run with its exit code. */
function step(title: string, command: string, args: readonly string[]): void {
  console.log(`\n==> ${title} (${seconds()})`);
  const result = spawnSync(command, args, { cwd: repo, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`test:vscode: ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

for (const [path, install] of [
  ["/usr/bin/chromium", "chromium"],
  ["/usr/bin/rg", "ripgrep"],
  ["/usr/bin/krb5-config", "libkrb5-dev"],
]) {
  if (!existsSync(path as string)) {
    console.error(`test:vscode: ${path} is missing: apt-get install -y --no-install-recommends ${install} (.ci/run installs it)`);
    process.exit(1);
  }
}

step("install code-server 4.100.3 (VS Code 1.100.3) into node_modules/.cache", "bash", [join(repo, "test", "vscode", "install-code-server.sh"), cache]);
step("package the extension", "npm", ["run", "--silent", "package:vscode"]);
const { version } = JSON.parse(readFileSync(join(repo, "vscode-extension", "package.json"), "utf8")) as { version: string };
const vsix = join(repo, "vscode-extension", `apol-vscode-${version}.vsix`);
rmSync(artifacts, { recursive: true, force: true });

// In a fresh network namespace only loopback exists, so neither code-server nor Chromium can even try the network.
const smoke = [process.execPath, "--import", "tsx", join(repo, "test", "vscode", "smoke.ts"), install, vsix, artifacts];
const isolated = spawnSync("unshare", ["-n", "true"]).status === 0;
if (isolated) {
  step("run the smoke test in a network namespace", "unshare", ["-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", ...smoke]);
} else {
  console.log("test:vscode: cannot create a network namespace here (needs root); running on the host's loopback");
  step("run the smoke test", smoke[0] as string, smoke.slice(1));
}
console.log(`\ntest:vscode: done in ${seconds()}; screenshots in ${artifacts}`);
