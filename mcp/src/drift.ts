// Where a live MCP server's tools and the policy's declarations disagree: removed tools, changed argument types and required-ness.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { schemaDrift, type JsonSchema } from "@apol/runtime";

/**
 * One message per disagreement between the policy's tool schemas (`schemas`: the `schemas` export of a compiled
 * policy, or the compiler's `toolJsonSchemas`) and the tools `upstream` lists: a declared tool the server does not
 * have, and for each tool both have, every argument whose type, enum or required-ness differs (the runtime's
 * `schemaDrift`). Server tools the policy does not declare are not drift: the gateway hides them on purpose.
 */
export async function mcpSchemaDrift(
  upstream: Client,
  schemas: Readonly<Record<string, JsonSchema>>,
  toolName: (name: string) => string = (name) => name,
): Promise<string[]> {
  const byTool = await mcpToolDrift(upstream, schemas, toolName);
  return [...byTool].flatMap(([name, problems]) => problems.map((problem) => `tool \`${name}\`: ${problem}`));
}

/** The same disagreements by the policy's tool name: only tools with some are keys. */
export async function mcpToolDrift(
  upstream: Client,
  schemas: Readonly<Record<string, JsonSchema>>,
  toolName: (name: string) => string = (name) => name,
): Promise<Map<string, string[]>> {
  const served = new Map<string, unknown>();
  let cursor: string | undefined;
  do {
    const page = await upstream.listTools(cursor === undefined ? {} : { cursor });
    for (const tool of page.tools) served.set(toolName(tool.name), tool.inputSchema);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const byTool = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(schemas)) {
    const inputSchema = served.get(name);
    const problems = inputSchema === undefined ? ["declared by the policy, but the server has no such tool"] : schemaDrift(schema, inputSchema);
    if (problems.length > 0) byTool.set(name, [...problems]);
  }
  return byTool;
}
