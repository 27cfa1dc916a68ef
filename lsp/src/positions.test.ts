import { describe, expect, it } from "vitest";
import { LineIndex } from "@apol/compiler";
import { analyze } from "./analysis.js";
import { locationKey, ShiftedLines, toLocation, toOffset, toPosition, toRange } from "./positions.js";

describe("positions", () => {
  it("maps a test file's offsets, which follow its policy's text, to its own positions and back", () => {
    // The compiler sees `policy p\n` + `\n` + the test file: the test file starts at offset 10.
    const lines = new ShiftedLines(new LineIndex('test "a" {\n  call t()\n}\n'), 10);
    expect(toPosition(lines, 10)).toEqual({ line: 0, character: 0 });
    expect(toRange(lines, { start: 23, end: 27 })).toEqual({ start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
    expect(toOffset(lines, { line: 1, character: 2 })).toBe(23);
    // An offset in the policy clamps to the test file's start.
    expect(toPosition(lines, 3)).toEqual({ line: 0, character: 0 });
    expect(lines.lineCount).toBe(4);
    expect(lines.lineText(2)).toBe("  call t()");
  });

  it("clamps a position past the last line to the end of the text, shifted or not", () => {
    const text = "policy p\nrule r {}";
    expect(toOffset(new LineIndex(text), { line: 7, character: 3 })).toBe(text.length);
    expect(toOffset(new ShiftedLines(new LineIndex(text), 100), { line: 7, character: 3 })).toBe(100 + text.length);
    expect(toOffset(new LineIndex(text), { line: 0, character: 99 })).toBe(8);
  });

  it("locates a span of a test file's analysis in the policy or in the test file", () => {
    const policy = "policy p\ntool t()\nrule r { allow t }\n";
    const tests = 'test "a" {\n  call t()\n  expect allow\n}\n';
    const analysis = analyze("file:///w/p.test.apol", 1, tests, { uri: "file:///w/p.apol", text: policy });
    const declaration = { start: policy.indexOf("t()"), end: policy.indexOf("t()") + 1 };
    const call = { start: analysis.boundary + tests.indexOf("t()"), end: analysis.boundary + tests.indexOf("t()") + 1 };
    expect(toLocation(analysis, declaration)).toEqual({ uri: "file:///w/p.apol", range: { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } } });
    expect(toLocation(analysis, call)).toEqual({ uri: "file:///w/p.test.apol", range: { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } } });
    expect(locationKey(toLocation(analysis, call))).toBe("file:///w/p.test.apol#1:7-1:8");
  });
});
