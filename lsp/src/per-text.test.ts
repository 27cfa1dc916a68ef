import { describe, expect, it } from "vitest";
import { analyze } from "./analysis.js";
import { PerText } from "./per-text.js";
import { documentSymbols } from "./symbols.js";

describe("answers kept per text", () => {
  it("answers a document's same text again (its declarations-only and its full analysis) without computing, and a changed text afresh", () => {
    let computed = 0;
    const outlines = new PerText((a) => (computed++, documentSymbols(a)));
    const text = "policy p\ntool t(a: string)\nrule r { allow t }\n";
    const first = outlines.get(analyze("file:///a.apol", 1, text, undefined, { depth: "declarations" }));
    expect(outlines.get(analyze("file:///a.apol", 1, text))).toBe(first);
    expect(computed).toBe(1);
    const changed = outlines.get(analyze("file:///a.apol", 2, text.replace("rule r", "rule s")));
    expect(changed.map((s) => s.name)).toEqual(["p", "t", "s"]);
    expect(outlines.get(analyze("file:///b.apol", 1, text))).not.toBe(first);
    expect(computed).toBe(3);
  });
});
