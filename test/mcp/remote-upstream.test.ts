// `apol mcp --upstream URL` and `apol import mcp --url URL` against server-everything serving Streamable HTTP on a loopback port.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, test } from "vitest";
import { apol, buildOnce, root } from "../e2e/apol-process.js";
import { freePort } from "../redis/server.js";
import { everything, overStdio, policy, text } from "./gateway-process.js";

let server: ChildProcess;
let url: string;

beforeAll(async () => {
  buildOnce();
  const port = await freePort();
  url = `http://127.0.0.1:${port}/mcp`;
  server = spawn(everything[0]!, [everything[1]!, "streamableHttp"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let stderr = "";
    server.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`listening on port ${port}`)) resolve();
    });
    server.once("exit", (code) => reject(new Error(`server-everything exited with ${code}: ${stderr}`)));
  });
});
afterAll(() => void server?.kill());

test("the gateway fronts a remote server: listing and deciding as with a child", async () => {
  const client = await overStdio(["--policy", policy, "--user", '{"id":"u-1"}', "--upstream", url], [], false);
  try {
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      "echo",
      "get-structured-content",
      "get-sum",
      "trigger-long-running-operation",
    ]);
    expect(text(await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } }))).toBe("The sum of 1 and 2 is 3.");
    expect(text(await client.callTool({ name: "get-env", arguments: {} }))).toBe("denied by apol rule `$unknown-tool`: unknown tool `get-env`");
  } finally {
    await client.close();
  }
});

test("apol import mcp --url reads the same tools", () => {
  const imported = apol(["import", "mcp", "--url", url, "--name", "remote"], root);
  expect(imported.code).toBe(0);
  expect(imported.out).toContain('tool "get-sum"(');
  expect(imported.out).toContain("policy remote\n");
});
