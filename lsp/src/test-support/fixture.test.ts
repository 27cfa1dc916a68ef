import { describe, expect, it } from "vitest";
import { cursorAt, locate, rangeAt } from "./fixture.js";

const text = "policy p\ntool send(amount: number)\nrule r { allow send when args.amount > 1 }\n";

describe("locating a marked snippet", () => {
  it("gives the markers' positions and ranges in the text", () => {
    expect(cursorAt(text, "args.a<|>mount")).toEqual({ line: 2, character: 31 });
    expect(rangeAt(text, "tool <|send|>(")).toEqual({ start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
    expect(locate(text, "<|allow|> <|>send")).toEqual({
      positions: [{ line: 2, character: 15 }],
      ranges: [{ start: { line: 2, character: 9 }, end: { line: 2, character: 14 } }],
    });
  });

  it("refuses a snippet that is missing, ambiguous or wrongly marked", () => {
    expect(() => cursorAt(text, "nope<|>")).toThrow("`nope` does not occur in the text");
    expect(() => cursorAt(text, "s<|>end")).toThrow("`send` occurs more than once in the text: widen the snippet");
    expect(() => cursorAt(text, "tool send")).toThrow("needs exactly one `<|>`");
    expect(() => rangeAt(text, "tool <|>send")).toThrow("needs exactly one `<|...|>`");
  });
});
