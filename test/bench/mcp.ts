// Times `tools/call` through the MCP gateway against the same call made directly, on the real server-everything over stdio: what the gateway adds (median, p99).
// `npm run bench -- --only=mcp` runs it; on its own: `node --import tsx test/bench/mcp.ts` after `npx tsc -b`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { connectUpstream, createMcpGateway, serveHttp } from "@apol/mcp";
import { createEnforcer } from "@apol/runtime";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Target } from "./results.js";
import { quantile } from "./stats.js";
import { compiledModule } from "../harness/compiled-module.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const server = { command: process.execPath, args: [`${root}node_modules/@modelcontextprotocol/server-everything/dist/index.js`, "stdio"] };
/** The gateway's own work (in memory, no extra hop) should add at most this much to a call's median. */
const TARGET_MS = 1;

/** One way of reaching the server: per-call latencies in milliseconds. */
export interface McpPath {
  readonly name: string;
  readonly medianMs: number;
  readonly p99Ms: number;
}

export interface McpReport {
  readonly calls: number;
  readonly paths: readonly McpPath[];
  /** The in-memory gateway's median minus the direct median. */
  readonly addedMedianMs: number;
  readonly addedP99Ms: number;
}

/**
 * Calls `get-sum` on server-everything `calls` times on each path, interleaved in turning order so drift and wake-ups hit all alike: directly over
 * stdio (the gateway's own client of the server); through the gateway in this process (the client on an in-memory transport, so the difference is the gateway's
 * work: deciding, recording the output in the session, the SDK's parsing); and through the gateway over Streamable
 * HTTP on loopback (one more hop, as `apol mcp --http` serves).
 */
export async function benchMcp(calls: number, warmup = 200): Promise<McpReport> {
  const policy = await compiledModule(readFileSync(`${root}test/mcp/everything.apol`, "utf8"), "everything.apol");
  // One server and one client of it: the direct path and the gateway's forwarded calls take the same road.
  const upstream = await connectUpstream(server, "bench");
  const gateway = createMcpGateway({ enforcer: createEnforcer(policy), policy, upstream, identity: { user: { id: "u-1" } } });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await gateway.connect(serverSide);
  const inMemory = new Client({ name: "bench", version: "1" });
  await inMemory.connect(clientSide);
  const http = await serveHttp(gateway, { port: 0 });
  const overHttp = new Client({ name: "bench", version: "1" });
  await overHttp.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${http.port}/mcp`)));
  const paths = [
    { name: "direct (stdio)", client: upstream },
    { name: "gateway, in process", client: inMemory },
    { name: "gateway over loopback HTTP", client: overHttp },
  ];
  const samples = paths.map(() => [] as number[]);
  try {
    for (let i = 0; i < warmup + calls; i++) {
      // The order turns each round: the call after a pause pays the wake-up, so no path always goes first.
      for (let turn = 0; turn < paths.length; turn++) {
        const index = (i + turn) % paths.length;
        const path = paths[index]!;
        const started = performance.now();
        const result = await path.client.callTool({ name: "get-sum", arguments: { a: i % 50, b: 1 } });
        const ms = performance.now() - started;
        if (result.isError === true) throw new Error(`${path.name}: get-sum failed: ${JSON.stringify(result.content)}`);
        if (i >= warmup) samples[index]!.push(ms);
      }
    }
  } finally {
    await Promise.all([inMemory.close(), overHttp.close()]);
    await http.close();
    await upstream.close();
  }
  const measured = paths.map((path, index) => {
    const sorted = samples[index]!.sort((a, b) => a - b);
    return { name: path.name, medianMs: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
  });
  return { calls, paths: measured, addedMedianMs: measured[1]!.medianMs - measured[0]!.medianMs, addedP99Ms: measured[1]!.p99Ms - measured[0]!.p99Ms };
}

export function renderMcp(report: McpReport): string[] {
  return [
    "",
    "## MCP gateway",
    "",
    `\`tools/call\` of \`get-sum\` on server-everything over stdio, ${report.calls} calls per path, interleaved; the gateway decides each call with test/mcp/everything.apol and records its output.`,
    "",
    "| path | median | p99 |",
    "| --- | --- | --- |",
    ...report.paths.map((p) => `| ${p.name} | ${p.medianMs.toFixed(3)} ms | ${p.p99Ms.toFixed(3)} ms |`),
    "",
    `The gateway adds ${report.addedMedianMs.toFixed(3)} ms at the median and ${report.addedP99Ms.toFixed(3)} ms at p99 (in process); the HTTP path adds a loopback hop on top.`,
  ];
}

export function mcpTargets(report: McpReport): Target[] {
  return [
    {
      name: "MCP gateway: added latency per tools/call",
      goal: `median ≤ ${TARGET_MS} ms`,
      measured: `median +${report.addedMedianMs.toFixed(3)} ms`,
      met: report.addedMedianMs <= TARGET_MS,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await benchMcp(Number(process.argv[2] ?? 1000));
  console.log(renderMcp(report).join("\n"));
}
