// Serves a gateway over Streamable HTTP: one MCP session (and one downstream server) per client, on a loopback port by default.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { McpGateway } from "./gateway.js";

/** A running HTTP endpoint. */
export interface HttpGateway {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  /** Stops accepting clients and closes every session. */
  close(): Promise<void>;
}

export interface HttpOptions {
  readonly port: number;
  /** Default 127.0.0.1: a gateway reachable from elsewhere should sit behind an authenticating proxy. */
  readonly host?: string;
  /** The path MCP is served on (default `/mcp`). */
  readonly path?: string;
  /**
   * The `Host` headers accepted (`host:port`); default, on loopback, `127.0.0.1:PORT` and `localhost:PORT`, so a web
   * page cannot reach the gateway through DNS rebinding. Elsewhere, give the names clients use.
   */
  readonly allowedHosts?: readonly string[];
}

/** Serves `gateway` at `http://HOST:PORT/mcp`; each `initialize` without a session opens a new MCP session. */
export async function serveHttp(gateway: McpGateway, options: HttpOptions): Promise<HttpGateway> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const path = options.path ?? "/mcp";
  let hosts: ReadonlySet<string> | undefined;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (hosts !== undefined && !hosts.has(req.headers.host ?? "")) return void res.writeHead(403).end();
    if (new URL(req.url ?? "/", "http://localhost").pathname !== path) return void res.writeHead(404).end();
    const id = req.headers["mcp-session-id"];
    let transport = typeof id === "string" ? sessions.get(id) : undefined;
    if (transport === undefined) {
      if (typeof id === "string")
        return void res
          .writeHead(404, { "content-type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "session not found" }, id: null }));
      const fresh = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (session) => void sessions.set(session, fresh) });
      fresh.onclose = () => {
        if (fresh.sessionId !== undefined) sessions.delete(fresh.sessionId);
      };
      await gateway.connect(fresh);
      transport = fresh;
    }
    await transport.handleRequest(req, res);
  };
  const server: HttpServer = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? "127.0.0.1";
  if (options.allowedHosts !== undefined) hosts = new Set(options.allowedHosts);
  else if (host === "127.0.0.1" || host === "localhost" || host === "::1") hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  return {
    port,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
