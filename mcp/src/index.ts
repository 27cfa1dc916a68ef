// The public API of @apol/mcp: put an apol policy in front of an MCP server, in a host's code or from the command line.
export { createMcpGateway, type Connection, type Identity, type McpGateway, type McpGatewayOptions } from "./gateway.js";
export { mcpSchemaDrift, mcpToolDrift } from "./drift.js";
export { connectUpstream, type Upstream } from "./upstream.js";
export { serveHttp, type HttpGateway, type HttpOptions } from "./http.js";
export { outputOf, redactedResult } from "./tool-output.js";
