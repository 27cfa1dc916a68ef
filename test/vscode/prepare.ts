// What every run against a real VS Code needs first: Debian's Chromium and friends, code-server installed (cached), the packaged .vsix; and a network namespace to run in.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const cache = join(repo, "node_modules", ".cache", "code-server");

/** code-server and the extension, ready to run. */
export interface VscodeParts {
  /** The unpacked code-server package (`.../package`). */
  readonly install: string;
  readonly vsix: string;
}

/** Runs a step with its output on `stdio` (the terminal, or stderr where stdout carries a report); throws if it fails. */
function step(title: string, command: string, args: readonly string[], stdio: "inherit" | "stderr"): void {
  console.error(`\n==> ${title}`);
  const result = spawnSync(command, args, { cwd: repo, stdio: stdio === "inherit" ? "inherit" : ["ignore", 2, 2] });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

/** Checks the Debian packages, installs code-server 4.100.3 into node_modules/.cache (once) and packages the extension. */
export function prepareVscode(stdio: "inherit" | "stderr" = "inherit"): VscodeParts {
  for (const [path, pkg] of [
    ["/usr/bin/chromium", "chromium"],
    ["/usr/bin/rg", "ripgrep"],
    ["/usr/bin/krb5-config", "libkrb5-dev"],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install -y --no-install-recommends ${pkg} (.ci/run installs it)`);
  }
  step(
    "install code-server 4.100.3 (VS Code 1.100.3) into node_modules/.cache",
    "bash",
    [join(repo, "test", "vscode", "install-code-server.sh"), cache],
    stdio,
  );
  step("package the extension", "npm", ["run", "--silent", "package:vscode"], stdio);
  const { version } = JSON.parse(readFileSync(join(repo, "vscode-extension", "package.json"), "utf8")) as { version: string };
  return { install: join(cache, "code-server-4.100.3", "package"), vsix: join(repo, "vscode-extension", `apol-vscode-${version}.vsix`) };
}

/**
 * The command line that runs `argv` in a fresh network namespace, where only loopback exists, so neither code-server
 * nor Chromium can even try the network; `argv` itself where no namespace can be made (it needs root).
 */
export function isolated(argv: readonly string[]): { command: string; args: string[]; isolated: boolean } {
  if (spawnSync("unshare", ["-n", "true"]).status !== 0) return { command: argv[0] as string, args: argv.slice(1), isolated: false };
  return { command: "unshare", args: ["-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", ...argv], isolated: true };
}
