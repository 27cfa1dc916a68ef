// Starts the built language server binary (`lsp/bin/apol-lsp.js --stdio`) as editors do, with a protocol client on its pipes.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from "vscode-languageserver/node";
import { root } from "./apol-process.js";

/** The `apol-lsp` executable. */
export const lspBin = join(root, "lsp", "bin", "apol-lsp.js");

/** A server process and a client connected to its stdin and stdout. */
export interface LspProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly client: ProtocolConnection;
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
  /** Everything the server wrote to stderr. */
  stderr(): string;
}

/** Spawns `node lsp/bin/apol-lsp.js --stdio` and starts listening. */
export function spawnServer(): LspProcess {
  const child = spawn(process.execPath, [lspBin, "--stdio"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const client = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  client.listen();
  return { child, client, exited, stderr: () => stderr };
}
