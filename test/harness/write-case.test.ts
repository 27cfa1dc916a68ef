import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCase, type Case } from "./case-file.js";
import { stringifyCase } from "./write-case.js";

const typo: Case = {
  note: "a typo: did-you-mean",
  source: "policy p\ntool send()\nrule r { allow sned }\n",
  diagnostics: [
    {
      code: "apol/unknown-tool",
      severity: "error",
      underlined: "sned",
      at: { line: 3, column: 16, length: 4 },
      message: "unknown tool `sned`",
      help: "did you mean `send`?",
      fixed: "policy p\ntool send()\nrule r { allow send }\n",
    },
  ],
};

describe("stringifyCase", () => {
  it("writes keys in a fixed order, sources as block scalars and `at` as one flow line", () => {
    expect(stringifyCase(typo)).toBe(
      [
        'note: "a typo: did-you-mean"',
        "source: |",
        "  policy p",
        "  tool send()",
        "  rule r { allow sned }",
        "diagnostics:",
        "  - code: apol/unknown-tool",
        "    severity: error",
        "    underlined: sned",
        "    at: { line: 3, column: 16, length: 4 }",
        "    message: unknown tool `sned`",
        "    help: did you mean `send`?",
        "    fixed: |",
        "      policy p",
        "      tool send()",
        "      rule r { allow send }",
        "",
      ].join("\n"),
    );
  });

  it("writes `pending` after the note and `exhaustive` after the source, only when set, and `[]` for a clean case", () => {
    expect(stringifyCase({ note: "n", pending: "why", source: "policy p\n", exhaustive: false, diagnostics: [] })).toBe(
      "note: n\npending: why\nsource: |\n  policy p\nexhaustive: false\ndiagnostics: []\n",
    );
  });

  it("never folds a long message onto several lines", () => {
    const message = `unknown name \`${"x".repeat(200)}\``;
    const text = stringifyCase({ note: "n", source: "policy p\n", diagnostics: [{ ...typo.diagnostics![0]!, message }] });
    expect(text.split("\n").filter((line) => line.includes("message:"))).toHaveLength(1);
  });

  it("round-trips sources that YAML blocks find hard: blank lines, leading blanks, no final newline, `\\r`", () => {
    for (const source of ["", " ", " \n", "\n ", " \t", "\n\n", "  \n  x", "x \n", "a\n \n", "no newline", "\r\nx", "#x\n", "- x\n", "\ud800\n"]) {
      const loaded = parseCase(stringifyCase({ note: "n", source, diagnostics: [] }), "c.yaml");
      expect(loaded.ok && loaded.case.source).toBe(source);
    }
  });

  it("round-trips any case through parseCase, and writing it again changes nothing", () => {
    const text = fc.string({
      unit: fc.oneof(fc.string({ unit: "binary", maxLength: 1 }), fc.constantFrom("\n", "\n", " ", " ", "\r", "\t", "#", ":", "|", "-", '"', "'")),
      maxLength: 80,
    });
    fc.assert(
      fc.property(text, text, text, fc.option(fc.boolean(), { nil: undefined }), (source, message, fixed, exhaustive) => {
        const c: Case = {
          note: "a note",
          source,
          ...(exhaustive !== undefined ? { exhaustive } : {}),
          diagnostics: [{ code: "apol/syntax-error", severity: "error", underlined: message, message, help: message, fixed }],
        };
        const written = stringifyCase(c);
        const loaded = parseCase(written, "c.yaml", "update");
        if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
        expect(loaded.case.source).toBe(source);
        expect(loaded.case.exhaustive).toBe(exhaustive);
        // Update mode loads the expectations of a non-exhaustive case without checking them against the source.
        const selection = parseCase(stringifyCase({ ...c, exhaustive: false }), "c.yaml", "update");
        expect(selection.ok && selection.case.diagnostics).toEqual(c.diagnostics);
        expect(stringifyCase({ ...loaded.case, diagnostics: c.diagnostics ?? [] })).toBe(written);
      }),
      { numRuns: 300 },
    );
  });
});
