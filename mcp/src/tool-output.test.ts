// What apol sees of MCP tool results, and how a redacted value is written back: structured content, JSON text, plain text, other blocks.
import { describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { outputOf, redactedResult } from "./tool-output.js";

const text = (value: string) => ({ type: "text" as const, text: value });
const image = { type: "image" as const, data: "aGk=", mimeType: "image/png" };

describe("outputOf", () => {
  it("reads structured content first, then JSON text, then plain text; several blocks are a list", () => {
    expect(outputOf({ content: [text('{"a":1}')], structuredContent: { a: 2 } })).toEqual({ a: 2 });
    expect(outputOf({ content: [text('{"card":"4111"}')] })).toEqual({ card: "4111" });
    expect(outputOf({ content: [text("plain words")] })).toBe("plain words");
    expect(outputOf({ content: [text("one"), image] })).toEqual(["one", image]);
  });
});

describe("redactedResult", () => {
  it("returns the result itself when nothing was redacted", () => {
    const result: CallToolResult = { content: [text('  {\n "a": 1 }')] };
    expect(redactedResult(result, { a: 1 }, [])).toBe(result);
  });

  it("rewrites structured content and the text that repeats it, and withholds other text", () => {
    const result: CallToolResult = {
      content: [text('{ "name": "Ann", "card": "4111" }'), text("card 4111 on file")],
      structuredContent: { name: "Ann", card: "4111" },
    };
    expect(redactedResult(result, { name: "Ann", card: "[redacted]" }, ["output.card"])).toEqual({
      content: [text('{"name":"Ann","card":"[redacted]"}'), text("[redacted: this text repeated a field apol redacts]")],
      structuredContent: { name: "Ann", card: "[redacted]" },
    });
  });

  it("writes JSON text back from the redacted value, block by block, and withholds a block redacted whole", () => {
    expect(redactedResult({ content: [text('{"card":"4111"}')] }, { card: "[redacted]" }, ["output.card"])).toEqual({
      content: [text('{"card":"[redacted]"}')],
    });
    expect(redactedResult({ content: [text("a"), image] }, ["a", "[redacted]"], ["output[1]"])).toEqual({
      content: [text("a"), text("[redacted: this text repeated a field apol redacts]")],
    });
  });
});
