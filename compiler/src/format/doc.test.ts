import { describe, expect, it } from "vitest";
import { blankline, continuesLine, group, hardline, indent, line, lineSuffix, render, softline, verbatim, type Doc } from "./doc.js";

/** `[a, b, c]` as the printer builds lists: flat when it fits, else one item per line. */
function list(items: readonly string[]): Doc {
  const inner = items.map((item, i) => (i === 0 ? [softline, item] : [",", line, item]));
  return group(["[", indent(inner), softline, "]"]);
}

describe("render", () => {
  it("prints a group flat when it fits the width, counting the text after it up to the next line break", () => {
    const doc = ["x = ", list(["aa", "bb"]), " + 1"];
    expect(render(doc, 16)).toBe("x = [aa, bb] + 1\n");
    expect(render(doc, 15)).toBe("x = [\n  aa,\n  bb\n] + 1\n");
  });

  it("breaks the outer group first and keeps inner groups flat if they fit", () => {
    const nested = group(["(", indent([softline, list(["a", "b"]), ",", line, list(["c", "d"])]), softline, ")"]);
    expect(render(nested, 10)).toBe("(\n  [a, b],\n  [c, d]\n)\n");
    expect(render(nested, 80)).toBe("([a, b], [c, d])\n");
  });

  it("breaks a group that holds a hard line break, whatever the width", () => {
    expect(render(group(["{", indent([line, "a", hardline, "b"]), line, "}"]), 80)).toBe("{\n  a\n  b\n}\n");
  });

  it("never writes two line breaks where one was asked twice, and keeps one empty line for any run of blank lines", () => {
    expect(render(["a", hardline, hardline, "b", blankline, blankline, hardline, "c"], 80)).toBe("a\nb\n\nc\n");
  });

  it("writes no whitespace at line ends and no empty line at the start or end", () => {
    expect(render([blankline, "a ", hardline, indent([hardline, "b", " ", blankline]), blankline], 80)).toBe("a\n  b\n");
  });

  it("holds a line-end comment back until the line ends, after the punctuation that follows it", () => {
    expect(render(["a", lineSuffix("// why"), ",", hardline, "b"], 80)).toBe("a, // why\nb\n");
  });

  it("ends the line before code that follows a held `//` comment, one level deeper", () => {
    expect(render(indent(["tool", lineSuffix("// x"), " ", "t()"]), 80)).toBe("tool // x\n    t()\n");
  });

  it("breaks a group rather than push code after a held `//` comment onto a line of its own", () => {
    const doc = group(["[", indent([softline, "a", lineSuffix("// x"), ",", line, "b"]), softline, "]"]);
    expect(render(doc, 80)).toBe("[\n  a, // x\n  b\n]\n");
  });

  it("lets a held block comment drift to the line end without breaking the group", () => {
    const doc = group(["[", indent([softline, "a", lineSuffix("/* x */"), ",", line, "b"]), softline, "]"]);
    expect(render(doc, 80)).toBe("[a, b] /* x */\n");
  });

  it("prints comments as written, after a space, and counts them as no width", () => {
    expect(render(["f(", verbatim("/* a */"), "x)"], 80)).toBe("f( /* a */x)\n");
    expect(render(group(["[", indent([softline, "abcd", verbatim("/* a long comment */")]), softline, "]"]), 8)).toBe("[abcd /* a long comment */]\n");
    expect(render(group(["(", verbatim("/* one\ntwo */"), ")"]), 80)).toBe("( /* one\ntwo */)\n");
  });
});

describe("continuesLine", () => {
  it("lets brackets and separators follow a held comment on its line, and nothing else", () => {
    expect([",", ")", "]", "}", ":", ".", "?", "(", "[", "{"].every(continuesLine)).toBe(true);
    expect(["a", '"s"', "1", "-", "*", "and", "/"].some(continuesLine)).toBe(false);
  });
});
