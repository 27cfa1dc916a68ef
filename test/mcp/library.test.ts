// `createMcpGateway` as a library, in process, in front of the real server-everything: identity from the connection over HTTP, tool names mapped, reviews returned as pending.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { connectUpstream, createMcpGateway, serveHttp, type Connection } from "@apol/mcp";
import { createEnforcer, type PolicyModule } from "@apol/runtime";
import { everything, overHttp, text } from "./gateway-process.js";
import { compiledModule } from "../harness/compiled-module.js";

const source = `policy mapped
user { id: string }
tool get_sum(a: number, b: number)
rule owners_sum {
  allow get_sum
  when user.id startsWith "session-"
}
rule large {
  review get_sum
  when args.a > 100
  reason "large sums wait for a person"
}
`;
let policy: PolicyModule;
let upstream: Client;

beforeAll(async () => {
  policy = await compiledModule(source, "mapped.apol");
  upstream = await connectUpstream({ command: everything[0]!, args: everything.slice(1), env: {} });
});
afterAll(async () => upstream?.close());

test("identity comes from the connection (the MCP session over HTTP), and the policy's names map onto the server's", async () => {
  const seen: Connection[] = [];
  const gateway = createMcpGateway({
    enforcer: createEnforcer(policy, { onWarning: () => {} }),
    policy,
    upstream,
    toolName: (name) => name.replaceAll("-", "_"),
    identity: (connection) => {
      seen.push(connection);
      return { user: { id: `session-${connection.sessionId ?? "none"}` } };
    },
  });
  const http = await serveHttp(gateway, { port: 0 });
  const client = await overHttp(new URL(`http://127.0.0.1:${http.port}/mcp`));
  try {
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["get-sum"]);
    expect(text(await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } }))).toBe("The sum of 1 and 2 is 3.");
    expect(seen).toEqual([{ sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
    const held = await client.callTool({ name: "get-sum", arguments: { a: 101, b: 2 } });
    expect([held.isError, text(held)]).toEqual([
      true,
      expect.stringMatching(/^held for review `[^`]+` by apol rule `large`: large sums wait for a person\. Call again once it is approved, until .+\.$/),
    ]);
  } finally {
    await client.close();
    await http.close();
  }
});

test("over an in-memory transport a connection has no MCP session: the gateway gives it one of its own", async () => {
  const gateway = createMcpGateway({
    enforcer: createEnforcer(policy, { onWarning: () => {} }),
    policy,
    upstream,
    toolName: (name) => name.replaceAll("-", "_"),
    identity: { user: { id: "ann" } },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await gateway.connect(serverSide);
  const client = new Client({ name: "test", version: "1" });
  await client.connect(clientSide);
  try {
    const denied = await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } });
    expect([denied.isError, text(denied)]).toEqual([true, "denied by apol rule `$default`: no rule allows `get_sum`"]);
  } finally {
    await client.close();
    await gateway.close();
  }
});
