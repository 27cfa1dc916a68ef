// `apol import mcp` against the real server-everything, and the schema mapping on the shapes servers send: the policy checks clean and is stable under `apol fmt`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { format, runPipeline } from "../../compiler/src/index.js";
import { policyFromTools, type McpTool } from "../../cli/src/mcp-import-schema.js";
import { apol, buildOnce, root } from "../e2e/apol-process.js";
import { everything } from "./gateway-process.js";

let dir: string;
beforeAll(() => {
  buildOnce();
  dir = mkdtempSync(join(tmpdir(), "apol-import-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("imports server-everything's tools into a policy that checks clean and is already formatted", () => {
  const out = join(dir, "everything.apol");
  const imported = apol(["import", "mcp", "--out", out, "--", ...everything], root);
  expect([imported.code, imported.err]).toEqual([0, expect.stringContaining(`wrote ${out}: 15 tools read`)]);
  const text = readFileSync(out, "utf8");
  expect(text).toContain("policy mcp_servers_everything\n");
  expect(text).toContain(
    '/// Returns the sum of two numbers\ntool "get-sum"(\n  /// First number\n  a: number,\n  /// Second number\n  b: number\n)\n  tags read_only\n',
  );
  expect(text).toContain("output { temperature: number, conditions: string, humidity: number }");
  expect(text).toContain("messageType: GetAnnotatedMessageMessageType,");
  expect(text).toContain("enum GetAnnotatedMessageMessageType { error, success, debug }");
  expect(text).toContain("  tags open_world\n");
  expect(apol(["check", out], root).code).toBe(0);
  expect(apol(["fmt", "--check", out], root).code).toBe(0);
});

describe("the schema mapping", () => {
  const tool = (name: string, inputSchema: McpTool["inputSchema"], extra: Partial<McpTool> = {}): McpTool => ({ name, inputSchema, ...extra });
  const imported = (tools: readonly McpTool[]): string => {
    const text = format(policyFromTools("imported", tools, "a test")).text;
    const errors = runPipeline(text, "imported.apol", "check").diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.message)).toEqual([]);
    expect(format(text).changed).toBe(false);
    return text;
  };

  test("objects, lists, nullable and optional arguments; free-form optional arguments left out with a comment", () => {
    const text = imported([
      tool("create_issue", {
        type: "object",
        properties: {
          repo: { type: "string" },
          labels: { type: "array", items: { type: "string" } },
          assignee: { type: ["string", "null"] },
          milestone: { anyOf: [{ type: "integer" }, { type: "null" }] },
          meta: { type: "object" },
          author: { type: "object", properties: { login: { type: "string" }, id: { type: "integer" } }, required: ["login"] },
        },
        required: ["repo", "assignee"],
      }),
    ]);
    expect(text).toContain("// `meta` is left out (it is an object of any fields): a call that gives it is denied\n");
    expect(text).toContain(
      "tool create_issue(\n  repo: string,\n  labels?: string[],\n  assignee?: string,\n  milestone?: int,\n  author?: { login: string, id?: int }\n)",
    );
    expect(text).toContain("tags destructive, open_world");
  });

  test("several types (`anyOf`, `oneOf`, a list of types) become a union; `int` beside `number` is dropped, a free-form form still leaves the argument out", () => {
    const text = imported([
      tool("rent_car", {
        type: "object",
        properties: {
          company: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
          days: { type: ["integer", "string", "null"] },
          stops: {
            type: "array",
            items: { oneOf: [{ type: "integer" }, { type: "object", properties: { city: { type: ["string", "number"] } }, required: ["city"] }] },
          },
          price: { anyOf: [{ type: "number" }, { type: "integer" }] },
          extra: { anyOf: [{ type: "string" }, {}] },
        },
        required: ["company", "days"],
      }),
    ]);
    expect(text).toContain(
      "tool rent_car(\n  company: string | string[],\n  days?: int | string,\n  stops?: (int | { city: string | number })[],\n  price?: number\n)",
    );
    expect(text).toContain("// `extra` is left out (it may be any JSON value): a call that gives it is denied\n");
  });

  test("a tool apol cannot declare is left out with a comment saying why, and its enums with it", () => {
    const text = imported([
      tool("run", { type: "object", properties: { payload: {}, mode: { type: "string", enum: ["fast", "slow"] } }, required: ["payload"] }),
      tool("rename", { type: "object", properties: { "new-name": { type: "string" } }, required: ["new-name"] }),
      tool("bad name!", { type: "object" }),
      tool(
        "ok",
        { type: "object", properties: { mode: { type: "string", enum: ["New York", "policy"] } } },
        { annotations: { readOnlyHint: true, openWorldHint: false }, description: "line one\nline two\u0007\u202e" },
      ),
    ]);
    expect(text).toContain("// left out: `run` requires `payload`, and it may be any JSON value\n");
    expect(text).toContain("// left out: `rename` requires `new-name`, and its name is not an apol name\n");
    expect(text).toContain("// left out: the tool `bad name!` has a name apol cannot spell");
    expect(text).not.toContain("enum");
    expect(text).toContain("/// line one\n/// line two\ntool ok(mode?: string) tags read_only\n");
  });
});

test("an unknown source is refused with the one that exists", () => {
  writeFileSync(join(dir, "x"), "");
  expect(apol(["import", "openapi", "x"], root)).toMatchObject({
    code: 2,
    err: "apol import: expected `apol import mcp`, not `openapi`: MCP servers are the one source so far\n",
  });
});
