// Two `apol mcp` processes on one Redis share a session's limit: a call through one counts for the other.
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildOnce } from "../e2e/apol-process.js";
import { RedisServer, redisServerFor } from "../redis/server.js";
import { overStdio, policy, text } from "./gateway-process.js";

const binary = redisServerFor("the MCP gateway's Redis test");
let server: RedisServer;

beforeAll(async () => {
  if (binary === undefined) return;
  buildOnce();
  server = await RedisServer.start(binary);
});
afterAll(async () => server?.stop());

test.skipIf(binary === undefined)("a limit counts the calls of every gateway in the session", async () => {
  const options = ["--policy", policy, "--user", '{"id":"u-1"}', "--redis", server.url, "--session", "agent-7"];
  const [first, second] = await Promise.all([overStdio(options), overStdio(options)]);
  try {
    const call = (client: typeof first) => client.callTool({ name: "get-structured-content", arguments: { location: "Chicago" } });
    expect((await call(first)).isError).toBeUndefined();
    expect((await call(second)).isError).toBeUndefined();
    const third = await call(first);
    expect([third.isError, text(third)]).toEqual([true, "denied by apol rule `weather_limit`: two weather reports an hour"]);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});
