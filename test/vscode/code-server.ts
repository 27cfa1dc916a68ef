// Starts and stops code-server (VS Code in a browser) on a loopback port, with its own user data and extensions folders.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** A running code-server. */
export interface CodeServer {
  readonly url: string;
  /** Everything code-server printed, for failure reports. */
  readonly log: () => string;
  readonly stop: () => Promise<void>;
}

/** The folders one code-server instance owns. */
export interface CodeServerDirs {
  /** The unpacked npm package (`.../package`). */
  readonly install: string;
  readonly userData: string;
  readonly extensions: string;
}

/** VS Code settings that keep the window quiet and deterministic for screenshots, and keep it off the network. */
const userSettings = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false,
  "git.enabled": false,
  "files.autoSave": "off",
  "editor.minimap.enabled": false,
  // Completion shows only what the language server offers, not words from the file.
  "editor.wordBasedSuggestions": "off",
  "window.commandCenter": false,
};

function entry(dirs: CodeServerDirs): string {
  return join(dirs.install, "out", "node", "entry.js");
}

function commonArgs(dirs: CodeServerDirs): string[] {
  return ["--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions, "--disable-telemetry", "--disable-update-check"];
}

/** Writes the user settings and a config file, so code-server never looks for `~/.config/code-server`. */
export function prepareDirs(dirs: CodeServerDirs): string {
  mkdirSync(join(dirs.userData, "User"), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  writeFileSync(join(dirs.userData, "User", "settings.json"), `${JSON.stringify(userSettings, null, 2)}\n`);
  const config = join(dirs.userData, "config.yaml");
  writeFileSync(config, "auth: none\ncert: false\n");
  return config;
}

/** Installs a packaged extension with code-server's own `--install-extension`; throws with its output on failure. */
export function installExtension(dirs: CodeServerDirs, vsix: string): void {
  const config = prepareDirs(dirs);
  const result = spawnSync(process.execPath, [entry(dirs), "--config", config, ...commonArgs(dirs), "--install-extension", vsix], {
    encoding: "utf8",
    timeout: 120_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`code-server could not install ${vsix} (exit ${result.status}):\n${output}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts code-server bound to 127.0.0.1 and resolves once it answers HTTP. */
export async function startCodeServer(dirs: CodeServerDirs): Promise<CodeServer> {
  const config = prepareDirs(dirs);
  const port = await freePort();
  const args = [entry(dirs), "--config", config, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", ...commonArgs(dirs), "--disable-workspace-trust"];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
