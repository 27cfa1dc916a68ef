// Connects the gateway's client to the MCP server behind it: a command started as a child over stdio, or a Streamable HTTP URL.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** The server behind the gateway. */
export type Upstream =
  /** A command that serves MCP on its stdin and stdout; its stderr goes to this process's stderr. */
  | { readonly command: string; readonly args?: readonly string[]; readonly env?: Readonly<Record<string, string>> }
  /** A remote server's Streamable HTTP endpoint. */
  | { readonly url: string | URL };

/** A connected client of `upstream`, named after the gateway; closing it stops a child server. */
export async function connectUpstream(upstream: Upstream, name = "apol-mcp-gateway", version = "0.1.0"): Promise<Client> {
  // Sampling and elicitation are offered so a server that needs them still works: the gateway passes each such request
  // on to the client it serves, which answers or refuses it.
  const client = new Client({ name, version }, { capabilities: { sampling: {}, elicitation: {} } });
  const transport =
    "url" in upstream
      ? new StreamableHTTPClientTransport(new URL(upstream.url))
      : new StdioClientTransport({
          command: upstream.command,
          args: [...(upstream.args ?? [])],
          env: { ...getDefaultEnvironment(), ...upstream.env },
          stderr: "inherit",
        });
  await client.connect(transport);
  return client;
}
