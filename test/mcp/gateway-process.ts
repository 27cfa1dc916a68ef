// Runs `apol mcp` as a child in front of the real server-everything (a grandchild over stdio), and connects the SDK's real client to it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { bin, root } from "../e2e/apol-process.js";

/** server-everything over stdio: the command `apol mcp` starts after `--`. */
export const everything = [process.execPath, join(root, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js"), "stdio"];

/** The test policy for server-everything. */
export const policy = join(root, "test", "mcp", "everything.apol");

/** A client of the server itself, with no gateway: what the gateway's answers are compared with. */
export async function direct(): Promise<Client> {
  const client = new Client({ name: "test", version: "1" });
  await client.connect(new StdioClientTransport({ command: everything[0]!, args: everything.slice(1), stderr: "ignore" }));
  return client;
}

/** A client of `apol mcp OPTIONS -- server-everything` over stdio (`OPTIONS` alone without `child`); stderr collected in `errors`. */
export async function overStdio(options: readonly string[], errors: string[] = [], child = true): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, "mcp", ...options, ...(child ? ["--", ...everything] : [])],
    cwd: root,
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  const client = new Client({ name: "test", version: "1" });
  await client.connect(transport);
  return client;
}

/** `apol mcp --http 0 OPTIONS -- server-everything` as a child, once it serves: its URL, and how to stop it. */
export async function httpGateway(options: readonly string[]): Promise<{ url: URL; stderr: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, "mcp", "--http", "0", ...options, "--", ...everything], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const url = await new Promise<URL>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (found) resolve(new URL(found[1]!));
    });
    child.once("exit", (code) => reject(new Error(`apol mcp exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A client of a gateway served over Streamable HTTP. */
export async function overHttp(url: URL): Promise<Client> {
  const client = new Client({ name: "test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(url));
  return client;
}

/** The text of a tool result's first block. */
export function text(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content[0]?.text ?? "";
}
