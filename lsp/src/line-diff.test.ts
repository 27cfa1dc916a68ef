import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffLines, hunkEdits, splitKeepingBreaks } from "./line-diff.js";

/** Applies edits (non-overlapping, any order) to a text. */
function apply(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

describe("line diff", () => {
  it("splits lines keeping every kind of line break", () => {
    expect(splitKeepingBreaks("a\nb\r\nc\rd")).toEqual(["a\n", "b\r\n", "c\r", "d"]);
    expect(splitKeepingBreaks("")).toEqual([]);
    expect(splitKeepingBreaks("\n\n")).toEqual(["\n", "\n"]);
  });

  it("finds separate hunks for separate changes", () => {
    const a = ["1\n", "2\n", "3\n", "4\n", "5\n"];
    const b = ["1\n", "two\n", "3\n", "4\n", "4.5\n", "5\n"];
    expect(diffLines(a, b)).toEqual([
      { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 },
      { oldStart: 4, oldEnd: 4, newStart: 4, newEnd: 5 },
    ]);
  });

  it("produces edits that turn any text into any other", () => {
    const line = fc.constantFrom("a\n", "b\n", "c\n", "\n", "d");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(line, { maxLength: 12 }), (a, b) => {
        const oldText = a.join("");
        const newText = b.join("");
        const oldLines = splitKeepingBreaks(oldText);
        const newLines = splitKeepingBreaks(newText);
        expect(apply(oldText, hunkEdits(diffLines(oldLines, newLines), oldLines, newLines))).toBe(newText);
      }),
      { numRuns: 500 },
    );
  });
});
