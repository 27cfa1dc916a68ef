// Which tool names are allowed and how apol writes them.
import { describe, expect, it } from "vitest";
import { isBareToolName, spellToolName, toolNameProblem } from "./tool-names.js";

describe("tool names", () => {
  it("allows MCP's characters, one to 128 of them", () => {
    for (const name of ["create-issue", "github.search", "fs/read", "a", "9", "_x", "x".repeat(128)]) expect(toolNameProblem(name)).toBeUndefined();
    expect(toolNameProblem("")).toBe("a tool name cannot be empty");
    expect(toolNameProblem("x".repeat(129))).toBe("a tool name has at most 128 characters");
    for (const name of ["fs read", "a:b", 'a"b', "é", "a\nb", "a$"])
      expect(toolNameProblem(name)).toBe("a tool name has only letters, digits, `_`, `-`, `.` and `/`");
  });

  it("spells a name bare when it is an identifier and not a keyword, else quoted", () => {
    expect([isBareToolName("send_email"), isBareToolName("tool"), isBareToolName("9a"), isBareToolName("a-b")]).toEqual([true, false, false, false]);
    expect(["send_email", "tool", "create-issue", "fs/read"].map(spellToolName)).toEqual(["send_email", '"tool"', '"create-issue"', '"fs/read"']);
  });
});
