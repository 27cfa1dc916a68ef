// `apol mcp`: puts a policy in front of an MCP server (a child over stdio, or a URL) and serves MCP over stdio or Streamable HTTP.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ed25519Approvers } from "@apol/audit";
import { runPipeline, toolJsonSchemas } from "@apol/compiler";
import { connectUpstream, createMcpGateway, mcpToolDrift, serveHttp, type Upstream } from "@apol/mcp";
import type { RedisStore } from "@apol/redis-store";
import { createEnforcer, type Approvers } from "@apol/runtime";
import { exit, usageError, type Command } from "./command.js";
import { loadPolicyFile } from "./compile-file.js";
import { readSource } from "./files.js";
import { terminalText } from "./terminal-text.js";
import { watchApprovals } from "./mcp-approvals.js";
import { mcpSettings } from "./mcp-settings.js";
import { openLog } from "./open-log.js";

/** The `mcp` command. */
export const mcp: Command = {
  name: "mcp",
  summary: "put a policy in front of an MCP server",
  usage:
    "--policy POLICY [--http PORT] [--upstream URL] [--log LOG --log-key KEY] [--redis URL] [--approvers FILE] [--approvals DIR] [--session ID] [--resource-labels LABELS] [--review return|wait] [--drift warn|refuse] [--user JSON] [--config FILE] -- COMMAND ARGS...",
  description: [
    "Starts COMMAND (an MCP server) as a child over stdio, or connects to `--upstream URL` (Streamable HTTP), and serves MCP to the client",
    "over stdio, or over Streamable HTTP at http://127.0.0.1:PORT/mcp with `--http PORT`. Drop it into a client's configuration in place of the server.",
    "`tools/list` shows only the tools POLICY declares; every `tools/call` is decided: a deny is a tool error naming the rule and its reason,",
    "an allowed call is forwarded, its output recorded (for provenance) and redacted; a call the server fails is voided. Everything else passes through.",
    "`--resource-labels untrusted` records every resource read in the session, so `tainted(...)` sees what resources said.",
    "A call held for review is answered as an error naming the review (`--review return`, the default), or waits for its release",
    "(`--review wait`), bounded by the review's expiry. Approvals (`apol approve --out DIR/NAME.json`) are read from `--approvals DIR`,",
    "checked against the public keys of `--approvers FILE`, a JSON object from approver names to `.pub` files.",
    "`--user JSON` (and `--agent`, `--context`, `--resource`) is the request's identity for every call. Sessions: one per client connection, or `--session ID` for all.",
    "`--config FILE` is a JSON object with the same options by name (and `command`: [COMMAND, ARGS...]); flags given override it.",
    "At start-up, where the server's tools and the policy's declarations disagree (a tool gone, an argument's type or required-ness) is printed as warnings;",
    "with `--drift refuse`, those tools are also hidden and every call to them refused, naming the disagreement.",
    "Diagnostics go to stderr: stdout is the MCP channel in stdio mode.",
  ],
  options: [
    { name: "policy", description: "the policy to enforce", value: { name: "POLICY" } },
    { name: "http", description: "serve Streamable HTTP on this loopback port instead of stdio", value: { name: "PORT" } },
    { name: "upstream", description: "front the Streamable HTTP server at URL instead of a child command", value: { name: "URL" } },
    { name: "log", description: "append every decision to this signed decision log", value: { name: "LOG" } },
    { name: "log-key", description: "the Ed25519 private key (PEM) that signs the log's checkpoints", value: { name: "PRIVATE_KEY" } },
    { name: "redis", description: "keep session state in Redis (shared by every gateway on it)", value: { name: "URL" } },
    { name: "approvers", description: "a JSON object from approver names to their public key files", value: { name: "FILE" } },
    { name: "approvals", description: "a folder to read signed approvals from (`apol approve --out`)", value: { name: "DIR" } },
    { name: "session", description: "one apol session for every call (shared by gateways on the same Redis), not one per connection", value: { name: "ID" } },
    { name: "resource-labels", description: "record every resource read with these labels (e.g. `untrusted`), for provenance", value: { name: "LABELS" } },
    { name: "review", description: "answer a call held for review at once, or wait for its release", value: { name: "MODE", choices: ["return", "wait"] } },
    {
      name: "drift",
      description: "where the server's tool schemas and the policy disagree: warn at start-up, or also refuse those tools",
      value: { name: "MODE", choices: ["warn", "refuse"] },
    },
    { name: "user", description: "the request's `user`, as a JSON object", value: { name: "JSON" } },
    { name: "agent", description: "the request's `agent`, as a JSON object", value: { name: "JSON" } },
    { name: "context", description: "the request's `context`, as a JSON object", value: { name: "JSON" } },
    { name: "resource", description: "the request's `resource`, as a JSON object", value: { name: "JSON" } },
    { name: "config", description: "read these options from a JSON file", value: { name: "FILE" } },
  ],
  async run(args, { io }) {
    const settings = mcpSettings(args);
    if (typeof settings === "string") return usageError(io, "mcp", settings);
    const policy = await loadPolicyFile(settings.policy, io);
    if (typeof policy === "number") return policy;
    const approvers = readApprovers(settings.approvers);
    if (typeof approvers === "string") return usageError(io, "mcp", approvers);
    const log = openLog(settings.log, settings.logKey, {});
    if (typeof log === "string") return usageError(io, "mcp", log);
    const store = settings.redis === undefined ? undefined : await redisStore(settings.redis);
    if (typeof store === "string") {
      log?.close();
      return usageError(io, "mcp", store);
    }
    const enforcer = createEnforcer(policy, {
      ...(store === undefined ? {} : { store }),
      ...(approvers === undefined ? {} : { approvers }),
      ...(log === undefined ? {} : { log }),
      onWarning: (message) => io.stderr.write(`apol mcp: ${message}\n`),
    });
    let upstreamClient;
    try {
      upstreamClient = await connectUpstream(settings.upstream);
    } catch (error) {
      io.stderr.write(`apol mcp: cannot reach the server ${describe(settings.upstream)}: ${error instanceof Error ? error.message : String(error)}\n`);
      log?.close();
      return exit.trouble;
    }
    // By default drift is reported, not refused: the policy still decides every call, and a call the server rejects is
    // voided. `--drift refuse` stops the drifted tools instead; if the comparison itself fails, it refuses to start.
    let drifted = new Map<string, string[]>();
    try {
      drifted = await mcpToolDrift(upstreamClient, policySchemas(settings.policy));
      const level = settings.drift === "refuse" ? "refusing" : "warning";
      for (const [tool, problems] of drifted)
        for (const problem of problems) io.stderr.write(`apol mcp: ${level}: ${terminalText(`tool \`${tool}\`: ${problem}`)}\n`);
    } catch (error) {
      io.stderr.write(
        `apol mcp: ${settings.drift === "refuse" ? "" : "warning: "}cannot list the server's tools to compare them with the policy: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      if (settings.drift === "refuse") {
        await upstreamClient.close();
        log?.close();
        await store?.close();
        return exit.trouble;
      }
    }
    const gateway = createMcpGateway({
      enforcer,
      policy,
      upstream: upstreamClient,
      identity: settings.identity,
      ...(settings.session === undefined ? {} : { session: () => settings.session }),
      ...(settings.resourceLabels === undefined ? {} : { resourceLabels: settings.resourceLabels }),
      ...(settings.review === "wait" ? { review: { wait: true } } : {}),
      ...(settings.drift === "refuse" ? { refused: drifted } : {}),
    });
    const stopWatching = settings.approvals === undefined ? undefined : watchApprovals(settings.approvals, enforcer, io);
    const closed = new Promise<void>((done) => {
      upstreamClient.onclose = done;
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    if (settings.http === undefined) {
      const transport = new StdioServerTransport();
      const ended = new Promise<void>((done) => process.stdin.once("end", done));
      await gateway.connect(transport);
      await Promise.race([closed, ended]);
    } else {
      const http = await serveHttp(gateway, { port: settings.http });
      io.stderr.write(`apol mcp: serving ${policy.policy} at http://127.0.0.1:${http.port}/mcp\n`);
      await closed;
      await http.close();
    }
    stopWatching?.();
    await gateway.close();
    await upstreamClient.close();
    log?.close();
    await store?.close();
    return exit.ok;
  },
};

/** The JSON Schemas of the policy's tools (the file compiled cleanly a moment ago). */
function policySchemas(file: string): ReturnType<typeof toolJsonSchemas> {
  const read = readSource(file);
  const checked = read.ok ? runPipeline(read.text, file, "check").outputs.check : undefined;
  return checked === undefined ? {} : toolJsonSchemas(checked);
}

/** The approvers of `--approvers FILE` (names to public key files, relative to FILE), or why they cannot be read. */
function readApprovers(file: string | undefined): Approvers | string | undefined {
  if (file === undefined) return undefined;
  let names: unknown;
  try {
    names = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return `cannot read the approvers \`${file}\`: ${error instanceof SyntaxError ? "not JSON" : "no such file"}; expected {"NAME": "NAME.pub", ...}`;
  }
  if (typeof names !== "object" || names === null || Array.isArray(names)) return `\`${file}\` is not a JSON object from approver names to public key files`;
  const keys: Record<string, string> = {};
  for (const [name, path] of Object.entries(names)) {
    if (typeof path !== "string") return `approver \`${name}\` in \`${file}\`: expected the path of a public key file`;
    try {
      keys[name] = readFileSync(resolve(dirname(file), path), "utf8");
    } catch {
      return `cannot read the public key \`${path}\` of approver \`${name}\``;
    }
  }
  try {
    return ed25519Approvers(keys);
  } catch (error) {
    return `\`${file}\`: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** A connected Redis store, loaded only when asked for (it brings a Redis client), or why it cannot be used. */
async function redisStore(url: string): Promise<RedisStore | string> {
  const { RedisStore } = await import("@apol/redis-store");
  const store = new RedisStore({ url });
  try {
    await store.connect();
    return store;
  } catch (error) {
    await store.close();
    return `cannot use Redis at \`${url}\`: ${error instanceof Error ? error.message : String(error)}; is redis-server running there?`;
  }
}

function describe(upstream: Upstream): string {
  return "url" in upstream ? `\`${String(upstream.url)}\`` : `\`${[upstream.command, ...(upstream.args ?? [])].join(" ")}\``;
}
