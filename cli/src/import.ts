// `apol import mcp`: reads an MCP server's `tools/list` and writes a policy declaring its tools, formatted and checked.
import { writeFileSync } from "node:fs";
import { format, runPipeline } from "@apol/compiler";
import { connectUpstream, type Upstream } from "@apol/mcp";
import { exit, usageError, type Command } from "./command.js";
import { printDiagnostics } from "./compile-file.js";
import { policyFromTools, type McpTool } from "./mcp-import-schema.js";

/** The `import` command. */
export const importCommand: Command = {
  name: "import",
  summary: "write a policy declaring an MCP server's tools",
  usage: "mcp [--url URL] [--name POLICY] [--out FILE] [-- COMMAND ARGS...]",
  description: [
    "Starts COMMAND (an MCP server) over stdio, or connects to `--url URL` (Streamable HTTP), reads its tools and writes one `tool`",
    "declaration each: JSON Schema types as apol types (objects, lists, string enums, optional and nullable arguments),",
    "descriptions as `///` doc comments, annotations as tags (`read_only`, `destructive`, `open_world`; absent hints take MCP's",
    'defaults), and `outputSchema` as `output`. Names apol cannot write bare are quoted (`"get-sum"`). A tool or argument apol',
    "cannot type is left out with a comment saying why. The policy has no rules yet: every call is denied until you add them.",
  ],
  options: [
    { name: "url", description: "read the tools of the Streamable HTTP server at URL", value: { name: "URL" } },
    { name: "name", description: "the policy's name (default: from the server's name)", value: { name: "POLICY" } },
    { name: "out", description: "write the policy to FILE instead of stdout", value: { name: "FILE" } },
  ],
  async run(args, { io }) {
    const [source, ...command] = args.positionals;
    if (source !== "mcp")
      return usageError(
        io,
        "import",
        `expected \`apol import mcp\`${source === undefined ? "" : `, not \`${source}\``}: MCP servers are the one source so far`,
      );
    const url = args.values.get("url");
    if ((url === undefined) === (command.length === 0))
      return usageError(io, "import", "give the server: `-- COMMAND ARGS...` (started over stdio) or `--url URL`, one of them");
    if (url !== undefined && !URL.canParse(url)) return usageError(io, "import", `\`${url}\` is not a URL; expected e.g. \`http://127.0.0.1:3001/mcp\``);
    const upstream: Upstream = url !== undefined ? { url } : { command: command[0]!, args: command.slice(1) };
    const label = url ?? command.join(" ");
    let tools: McpTool[] = [];
    let server = "mcp";
    try {
      const client = await connectUpstream(upstream, "apol-import", "0.1.0");
      try {
        server = client.getServerVersion()?.name ?? server;
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor === undefined ? {} : { cursor });
          tools = [...tools, ...(page.tools as McpTool[])];
          cursor = page.nextCursor;
        } while (cursor !== undefined);
      } finally {
        await client.close();
      }
    } catch (error) {
      io.stderr.write(`apol import: cannot read the tools of \`${label}\`: ${error instanceof Error ? error.message : String(error)}\n`);
      return exit.trouble;
    }
    const name = args.values.get("name") ?? policyName(server);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      return usageError(io, "import", `\`${name}\` is not a policy name: letters, digits and \`_\`, not starting with a digit`);
    const formatted = format(policyFromTools(name, tools, `\`${label}\``)).text;
    const out = args.values.get("out") ?? "<stdout>";
    // A policy of tools without rules draws a warning per tool (every call denied): expected here, so only errors print.
    const errors = runPipeline(formatted, out, "check").diagnostics.filter((d) => d.severity === "error");
    printDiagnostics(errors, out, formatted, io);
    if (errors.length > 0) return exit.problems;
    if (out === "<stdout>") {
      io.stdout.write(formatted);
      return exit.ok;
    }
    try {
      writeFileSync(out, formatted);
    } catch (error) {
      return usageError(io, "import", `cannot write \`${out}\`: ${error instanceof Error ? error.message : String(error)}`);
    }
    io.stderr.write(`wrote ${out}: ${tools.length} tools read\n`);
    return exit.ok;
  },
};

/** A policy name from a server's name: `mcp-servers/everything` → `mcp_servers_everything`. */
function policyName(server: string): string {
  const name = server.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[A-Za-z_]/.test(name) ? name : `mcp_${name}`;
}
