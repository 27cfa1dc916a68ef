import { describe, expect, it } from "vitest";
import { diagnostic, type Diagnostic } from "./diagnostic.js";
import { diagnosticToJson, renderDiagnostic, renderSource } from "./render.js";

/** The span of the `nth` occurrence (0-based) of `needle` in `text`. */
function spanOf(text: string, needle: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`no occurrence ${nth} of ${needle}`);
  }
  return { start: at, end: at + needle.length };
}

function render(text: string, d: Diagnostic, color = false): string {
  return renderDiagnostic(d, renderSource("policy.apol", text), { color });
}

const banking = ["policy banking", "", "tool send_money(amount: number)", "", "rule r {", "  allow send_mony", "}", ""].join("\n");
const unknownTool = diagnostic("apol/unknown-tool", spanOf(banking, "send_mony"), "unknown tool `send_mony`", {
  help: "did you mean `send_money`?",
});

describe("renderDiagnostic", () => {
  it("renders the header, the source line, an exact underline and the help", () => {
    expect(render(banking, unknownTool)).toBe(
      [
        "error[apol/unknown-tool]: unknown tool `send_mony`",
        " --> policy.apol:6:9",
        "  |",
        "6 |   allow send_mony",
        "  |         ^^^^^^^^^",
        "  |",
        "  = help: did you mean `send_money`?",
      ].join("\n"),
    );
  });

  it("widens the gutter to the line number and omits the trailer when there is nothing to add", () => {
    const text = `${"\n".repeat(11)}  allow x`;
    const d = diagnostic("apol/unknown-tool", spanOf(text, "x"), "unknown tool `x`");
    expect(render(text, d)).toBe(
      ["error[apol/unknown-tool]: unknown tool `x`", "  --> policy.apol:12:9", "   |", "12 |   allow x", "   |         ^"].join("\n"),
    );
  });

  it("counts UTF-16 units in the header but terminal cells under the line", () => {
    // `é` is one unit and one cell, `😀` two units and two cells, `日本` two units and four cells.
    const text = 'const s = "é😀日本" + nme';
    const d = diagnostic("apol/unknown-name", spanOf(text, "nme"), "unknown name `nme`");
    expect(render(text, d)).toBe(
      [
        "error[apol/unknown-name]: unknown name `nme`",
        " --> policy.apol:1:21",
        "  |",
        '1 | const s = "é😀日本" + nme',
        `  | ${" ".repeat(22)}^^^`, // 11 cells of `const s = "`, 1 + 2 + 4 for `é😀日本`, 4 for `" + `
      ].join("\n"),
    );
  });

  it("underlines a wide character with two carets", () => {
    const text = "rule 日 {}";
    const d = diagnostic("apol/unexpected-character", spanOf(text, "日"), "unexpected character `日`");
    expect(render(text, d).split("\n").slice(3)).toEqual(["1 | rule 日 {}", "  |      ^^"]);
  });

  it("puts one caret after the last character for an empty span at the end of a file", () => {
    const text = "policy p\nrule r {";
    const d = diagnostic("apol/syntax-error", { start: text.length, end: text.length }, "expected `}` but found the end of the file");
    expect(render(text, d)).toBe(
      ["error[apol/syntax-error]: expected `}` but found the end of the file", " --> policy.apol:2:9", "  |", "2 | rule r {", "  |         ^"].join("\n"),
    );
  });

  it("shows the empty last line when the file ends with a line break", () => {
    const text = "policy p\n";
    const d = diagnostic("apol/syntax-error", { start: text.length, end: text.length }, "expected a declaration");
    expect(render(text, d).split("\n").slice(1)).toEqual([" --> policy.apol:2:1", "  |", "2 |", "  | ^"]);
  });

  it("handles CRLF line endings without printing the carriage return", () => {
    const text = "policy p\r\ntool a()\r\nrule r { allow b }\r\n";
    const d = diagnostic("apol/unknown-tool", spanOf(text, "b"), "unknown tool `b`");
    expect(render(text, d).split("\n").slice(1)).toEqual([" --> policy.apol:3:16", "  |", "3 | rule r { allow b }", "  |                ^"]);
  });

  it("expands tabs to four cells and counts each as one column in the header", () => {
    const text = "rule r {\n\t\tallow x\n}";
    const d = diagnostic("apol/unknown-tool", spanOf(text, "x"), "unknown tool `x`");
    expect(render(text, d).split("\n").slice(1)).toEqual([" --> policy.apol:2:9", "  |", "2 |         allow x", "  |               ^"]);
  });

  it("shows control characters as visible pictures so the caret stays aligned", () => {
    const text = "tool a\u0007b()";
    const d = diagnostic("apol/unexpected-character", spanOf(text, "\u0007"), "unexpected character `\\u{7}`");
    expect(render(text, d).split("\n").slice(3)).toEqual(["1 | tool a\u2407b()", "  |       ^"]);
  });

  it("underlines a multi-line span to the end of its first line and says where it ends", () => {
    const text = "policy p\nrule r {\n  allow a\n}\n";
    const d = diagnostic("apol/missing-effect", spanOf(text, "rule r {\n  allow a\n}"), "a rule");
    expect(render(text, d).split("\n").slice(1)).toEqual([" --> policy.apol:2:1", "  |", "2 | rule r {", "  | ^^^^^^^^ continues to line 4"]);
  });

  it("does not call a span that ends with its line break multi-line", () => {
    const text = "policy p\ntool a()\n";
    const d = diagnostic("apol/unused-declaration", spanOf(text, "tool a()\n"), "tool `a` is never used");
    expect(render(text, d).split("\n").slice(3)).toEqual(["2 | tool a()", "  | ^^^^^^^^"]);
  });

  it("renders a warning, related notes with their locations, help and the fix title", () => {
    const text = "policy p\ntool a()\ntool a()\n";
    const d: Diagnostic = {
      code: "apol/duplicate-declaration",
      severity: "warning",
      span: spanOf(text, "a", 1),
      message: "duplicate tool `a`",
      related: [{ span: spanOf(text, "a"), message: "first declared here" }],
      help: "rename one of them",
      fix: { title: "rename to `a2`", edits: [{ span: spanOf(text, "a", 1), newText: "a2" }] },
    };
    expect(render(text, d)).toBe(
      [
        "warning[apol/duplicate-declaration]: duplicate tool `a`",
        " --> policy.apol:3:6",
        "  |",
        "3 | tool a()",
        "  |      ^",
        "  |",
        "  = note: first declared here at policy.apol:2:6",
        "  = help: rename one of them",
        "  = fix: rename to `a2`",
      ].join("\n"),
    );
  });

  it("colors the severity, the gutter and the carets only when asked", () => {
    expect(render(banking, unknownTool, true)).toBe(
      [
        "\x1b[1;31merror[apol/unknown-tool]\x1b[0m\x1b[1m: unknown tool `send_mony`\x1b[0m",
        " \x1b[1;34m-->\x1b[0m policy.apol:6:9",
        "  \x1b[1;34m|\x1b[0m",
        "\x1b[1;34m6\x1b[0m \x1b[1;34m|\x1b[0m   allow send_mony",
        "  \x1b[1;34m|\x1b[0m         \x1b[1;31m^^^^^^^^^\x1b[0m",
        "  \x1b[1;34m|\x1b[0m",
        "  \x1b[1;34m=\x1b[0m \x1b[1mhelp\x1b[0m: did you mean `send_money`?",
      ].join("\n"),
    );
    expect(render(banking, unknownTool, false)).not.toContain("\x1b");
  });
});

describe("diagnosticToJson", () => {
  it("gives 1-based positions equal to the text header and `null` help when there is none", () => {
    const text = "policy p\r\nrule é { allow x }";
    const d = diagnostic("apol/unknown-tool", spanOf(text, "x"), "unknown tool `x`");
    expect(diagnosticToJson(d, renderSource("a.apol", text))).toEqual({
      code: "apol/unknown-tool",
      severity: "error",
      message: "unknown tool `x`",
      help: null,
      file: "a.apol",
      range: { start: { line: 2, column: 16 }, end: { line: 2, column: 17 } },
    });
    expect(render(text, d).split("\n")[1]).toBe(" --> policy.apol:2:16");
  });

  it("includes the fix with its edit ranges and the related spans", () => {
    const json = diagnosticToJson(
      {
        ...unknownTool,
        related: [{ span: spanOf(banking, "send_money"), message: "declared here" }],
        fix: { title: "replace with `send_money`", edits: [{ span: unknownTool.span, newText: "send_money" }] },
      },
      renderSource("examples/banking.apol", banking),
    );
    expect(json).toEqual({
      code: "apol/unknown-tool",
      severity: "error",
      message: "unknown tool `send_mony`",
      help: "did you mean `send_money`?",
      file: "examples/banking.apol",
      range: { start: { line: 6, column: 9 }, end: { line: 6, column: 18 } },
      related: [{ message: "declared here", range: { start: { line: 3, column: 6 }, end: { line: 3, column: 16 } } }],
      fix: {
        title: "replace with `send_money`",
        edits: [{ range: { start: { line: 6, column: 9 }, end: { line: 6, column: 18 } }, newText: "send_money" }],
      },
    });
  });
});
