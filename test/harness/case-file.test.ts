import { describe, expect, it } from "vitest";
import { parseCase, type LoadResult } from "./case-file.js";

const source = "policy p\ntool send()\nrule r { allow sned }\n";

/** A case file's text from its parts; `diagnostics` is YAML already indented for the list. */
function file(diagnostics: string, extra = ""): string {
  return `note: a typo\n${extra}source: |\n  policy p\n  tool send()\n  rule r { allow sned }\ndiagnostics:\n${diagnostics}`;
}

const good = `  - code: apol/unknown-tool
    underlined: sned
    at: { line: 3, column: 16, length: 4 }
    message: unknown tool \`sned\`
`;

function errors(result: LoadResult): readonly string[] {
  return result.ok ? [] : result.errors;
}

describe("parseCase", () => {
  it("loads a valid case, filling in the severity from the catalogue", () => {
    expect(parseCase(file(good), "c.yaml")).toEqual({
      ok: true,
      case: {
        note: "a typo",
        source,
        diagnostics: [
          { code: "apol/unknown-tool", severity: "error", underlined: "sned", at: { line: 3, column: 16, length: 4 }, message: "unknown tool `sned`" },
        ],
      },
    });
  });

  it("keeps `exhaustive` and `pending` as written", () => {
    const loaded = parseCase(file("  []\n", "exhaustive: false\npending: the compiler is wrong\n"), "c.yaml");
    expect(loaded).toEqual({ ok: true, case: { note: "a typo", pending: "the compiler is wrong", source, exhaustive: false, diagnostics: [] } });
  });

  it("reports unknown keys with a did-you-mean, and missing required keys", () => {
    expect(errors(parseCase("notes: x\nsorce: y\n", "c.yaml"))).toEqual([
      "c.yaml: unknown key `notes`: did you mean `note`?",
      "c.yaml: unknown key `sorce`: did you mean `source`?",
      "c.yaml: `note` is required: one sentence saying what this case shows",
      "c.yaml: `source` is required: the apol text, as a block scalar (`source: |`)",
      "c.yaml: `diagnostics` is required: write `diagnostics: []` for a clean case, or run `npm run test:update` to regenerate the expectations",
    ]);
  });

  it("reports YAML syntax errors and a document that is not a mapping", () => {
    expect(errors(parseCase("note: [unclosed\n", "c.yaml"))[0]).toMatch(/^c\.yaml: invalid YAML: /);
    expect(errors(parseCase("- a\n", "c.yaml"))).toEqual(["c.yaml: a case is a mapping with `note`, `source` and `diagnostics`"]);
  });

  it("reports a code that is not in the catalogue, with the closest code", () => {
    expect(errors(parseCase(file(good.replace("apol/unknown-tool", "apol/unknown-tol")), "c.yaml"))).toEqual([
      "c.yaml: diagnostics[0]: `apol/unknown-tol` is not in the catalogue (compiler/src/diagnostics/codes.ts): did you mean `apol/unknown-tool`?",
    ]);
  });

  it("reports a severity that is not the code's", () => {
    expect(errors(parseCase(file(`${good}    severity: warning\n`), "c.yaml"))).toEqual([
      "c.yaml: diagnostics[0]: `apol/unknown-tool` is always an `error`: write `severity: error` or leave it out",
    ]);
  });

  it("reports unknown and missing keys of a diagnostic and of `at`", () => {
    expect(errors(parseCase(file("  - code: apol/unknown-tool\n    underline: sned\n    at: { line: 3, col: 16 }\n"), "c.yaml"))).toEqual([
      "c.yaml: diagnostics[0]: unknown key `underline`: did you mean `underlined`?",
      "c.yaml: diagnostics[0]: `underlined` is required and must be a string",
      "c.yaml: diagnostics[0]: `message` is required and must be a string",
      "c.yaml: diagnostics[0].at: unknown key `col`: did you mean `column`?",
      "c.yaml: diagnostics[0].at: `line` and `column` are required whole numbers from 1",
    ]);
  });

  it("reports an `underlined` text that is not the source text at `at`", () => {
    expect(errors(parseCase(file(good.replace("column: 16", "column: 15")), "c.yaml"))).toEqual([
      'c.yaml: diagnostics[0]: `underlined` "sned" is not the source text at 3:15, which reads " sne"; fix the text or the position, or run `npm run test:update` to regenerate the expectations',
    ]);
  });

  it("reports a position outside the source and a length that is not the text's", () => {
    expect(errors(parseCase(file(good.replace("column: 16", "column: 40")), "c.yaml"))).toEqual([
      "c.yaml: diagnostics[0]: `at` 3:40 is outside the source (line 3 ends at column 22); fix the position, or run `npm run test:update` to regenerate the expectations",
    ]);
    expect(errors(parseCase(file(good.replace("line: 3", "line: 9")), "c.yaml"))).toEqual([
      "c.yaml: diagnostics[0]: `at` 9:16 is outside the source (it has 4 lines); fix the position, or run `npm run test:update` to regenerate the expectations",
    ]);
    expect(errors(parseCase(file(good.replace("length: 4", "length: 5")), "c.yaml"))).toEqual([
      'c.yaml: diagnostics[0]: `at.length` is 5 but `underlined` "sned" is 4 code units long; fix one of them, or run `npm run test:update` to regenerate the expectations',
    ]);
  });

  it("without `at`, requires the underlined text to occur in the source and not to be empty", () => {
    const noAt = good.replace("    at: { line: 3, column: 16, length: 4 }\n", "");
    expect(parseCase(file(noAt), "c.yaml").ok).toBe(true);
    expect(errors(parseCase(file(noAt.replace("underlined: sned", "underlined: send_money")), "c.yaml"))).toEqual([
      'c.yaml: diagnostics[0]: `underlined` "send_money" does not occur in the source; copy the exact text, or run `npm run test:update` to regenerate the expectations',
    ]);
    expect(errors(parseCase(file(noAt.replace("underlined: sned", 'underlined: ""')), "c.yaml"))).toEqual([
      "c.yaml: diagnostics[0]: an empty `underlined` needs `at` to say where the span is, or run `npm run test:update` to regenerate the expectations",
    ]);
  });

  it("in update mode, accepts a case without diagnostics and ignores stale expectations of an exhaustive case", () => {
    expect(parseCase("note: new\nsource: |\n  policy p\n", "c.yaml", "update")).toEqual({ ok: true, case: { note: "new", source: "policy p\n" } });
    const stale = parseCase(file(good.replace("column: 16", "column: 15")), "c.yaml", "update");
    expect(stale).toEqual({ ok: true, case: { note: "a typo", source } });
  });

  it("in update mode, still validates the expectations of a non-exhaustive case, except against the source", () => {
    const selection = parseCase(file(good.replace("column: 16", "column: 15"), "exhaustive: false\n"), "c.yaml", "update");
    expect(selection.ok && selection.case.diagnostics?.[0]?.at).toEqual({ line: 3, column: 15, length: 4 });
    expect(errors(parseCase(file(good.replace("apol/unknown-tool", "apol/nope"), "exhaustive: false\n"), "c.yaml", "update"))).toEqual([
      "c.yaml: diagnostics[0]: `apol/nope` is not in the catalogue (compiler/src/diagnostics/codes.ts)",
    ]);
  });
});
