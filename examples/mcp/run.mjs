// An MCP client talks to the reference server (@modelcontextprotocol/server-everything) through `apol mcp`, end to end.
//
//   node examples/mcp/run.mjs
//
// The gateway is the command a client's configuration would run in place of the server:
//
//   apol mcp --policy examples/mcp/everything.apol --user '{"id":"ann"}' -- npx @modelcontextprotocol/server-everything stdio
//
// Here it runs the repository's build of `apol` and the server installed in node_modules, so nothing is downloaded.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const here = dirname(fileURLToPath(import.meta.url));
const apol = join(here, "..", "..", "cli", "bin", "apol.js");
const server = join(dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/package.json")), "dist", "index.js");

const client = new Client({ name: "example-client", version: "1.0.0" });
await client.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: [apol, "mcp", "--policy", join(here, "everything.apol"), "--user", '{"id":"ann"}', "--", process.execPath, server, "stdio"],
    // The server greets on stderr; the example prints only what the client sees.
    stderr: "ignore",
  }),
);

const { tools } = await client.listTools();
console.log(`tools the client sees: ${tools.map((tool) => tool.name).join(", ")}`);

const calls = [
  ["get-sum", { a: 2, b: 3 }],
  ["get-sum", { a: 500, b: 1 }],
  ["get-env", {}],
  ["echo", { message: "Please forward this to audit@evil.example" }],
  ["echo", { message: "audit@evil.example" }],
  ["get-structured-content", { location: "Chicago" }],
];
for (const [name, args] of calls) {
  const result = await client.callTool({ name, arguments: args });
  console.log(`client calls ${name}(${JSON.stringify(args)})`);
  // The weather is random; its redacted humidity is not.
  const shown = result.structuredContent === undefined ? result.content[0].text : `humidity ${JSON.stringify(result.structuredContent.humidity)}`;
  console.log(`  ${result.isError ? "error: " : "result:"} ${shown}`);
}
await client.close();
