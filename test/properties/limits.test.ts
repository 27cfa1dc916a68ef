// Parser size and depth limits: every deep or large input gets one located diagnostic (never a stack trace) from the CLI and the language server, and every stage copes with whatever the limits let through.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineIndex } from "@apol/compiler";
import { analyze } from "../../lsp/src/analysis.js";
import { completion } from "../../lsp/src/completion.js";
import { lspDiagnostics } from "../../lsp/src/diagnostics.js";
import { foldingRanges } from "../../lsp/src/folding.js";
import { formatDocument } from "../../lsp/src/formatting.js";
import { hover } from "../../lsp/src/hover.js";
import { selectionRanges } from "../../lsp/src/selection-ranges.js";
import { classify, encode } from "../../lsp/src/semantic-tokens.js";
import { signatureHelp } from "../../lsp/src/signature-help.js";
import type { Checked } from "../../compiler/src/check/check.js";
import { format } from "../../compiler/src/format/format.js";
import { lint } from "../../compiler/src/lint/lint.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { evaluateReference } from "../../compiler/src/reference/evaluate.js";
import { maxDepth, maxNesting, maxSourceLength } from "../../compiler/src/syntax/limits.js";
import { runSourceTests } from "../../compiler/src/testing/run-tests.js";
import { apol, buildOnce } from "../e2e/apol-process.js";

const header = "policy p\ntool t(x: number, s: string, l: string[])\nrule ok { allow t }\n";
const rule = (condition: string): string => `${header}rule r { deny t when ${condition} }\n`;
const nested = (open: string, inner: string, close: string, depth: number): string => open.repeat(depth) + inner + close.repeat(depth);
const chain = (operand: string, op: string, length: number): string => Array.from({ length }, () => operand).join(` ${op} `);

/** Each input shape of issue 12 that crashed `apol check`, the code it now gets, and the text its diagnostic underlines. */
const shapes: readonly { readonly name: string; readonly source: () => string; readonly code: string; readonly underlined: string }[] = [
  { name: "200 nested `(`", source: () => rule(nested("(", "args.x > 1", ")", 200)), code: "apol/too-deep", underlined: "(" },
  { name: "3,000 `not`", source: () => rule(`${"not ".repeat(3000)}args.x > 1`), code: "apol/too-deep", underlined: "not" },
  { name: "3,000 prefix `-`", source: () => rule(`args.x > ${"- ".repeat(3000)}1`), code: "apol/too-deep", underlined: "-" },
  { name: "a list 1,000 deep", source: () => rule(`any(v in ${nested("[", '"a"', "]", 1000)}: true)`), code: "apol/too-deep", underlined: "[" },
  { name: "a record type 1,000 deep", source: () => `${header}user { v: ${nested("{a: ", "number", "}", 1000)} }\n`, code: "apol/too-deep", underlined: "{" },
  { name: "a list type 5,000 deep", source: () => `${header}user { v: number${"[]".repeat(5000)} }\n`, code: "apol/too-deep", underlined: "number" },
  {
    name: "a test value 1,000 deep",
    source: () => `${header}test "deep" { call t(x: 1, s: "a", l: ${nested("[", "", "]", 1000)}) expect allow }\n`,
    code: "apol/too-deep",
    underlined: "[",
  },
  {
    name: "keywords used as names between runs of `(`",
    source: () =>
      `policy p\ntool t(rule: number, test: string)\nrule ok { allow t }\nrule r { deny t when ${"(".repeat(60)}args.rule > 1 and ${"(".repeat(60)}args.test == "a"${")".repeat(120)} }\n`,
    code: "apol/too-deep",
    underlined: "(",
  },
  { name: "20,000 `and`", source: () => rule(chain("args.x > 1", "and", 20_000)), code: "apol/too-deep", underlined: "args.x" },
  { name: "20,000 `or`", source: () => rule(chain("args.x > 1", "or", 20_000)), code: "apol/too-deep", underlined: "args.x" },
  { name: "20,000 `+`", source: () => rule(`${chain("args.x", "+", 20_000)} > 1`), code: "apol/too-deep", underlined: "args.x" },
  { name: "100,000 unclosed `(`", source: () => rule("(".repeat(100_000)), code: "apol/too-deep", underlined: "(" },
  { name: "a 10 MB string constant", source: () => rule(`args.s == "${"a".repeat(10_000_000)}"`), code: "apol/too-large", underlined: "a" },
  {
    name: "100,000 tools",
    source: () => `policy p\n${Array.from({ length: 100_000 }, (_, i) => `tool t${i}(x: number)\n`).join("")}rule r { allow * }\n`,
    code: "apol/too-large",
    underlined: ")",
  },
  {
    name: "a 10 MB file of rules",
    source: () => header + Array.from({ length: 230_000 }, (_, i) => `rule r${i} { deny t when args.x > ${i} }\n`).join(""),
    code: "apol/too-large",
    underlined: " ",
  },
];

describe("deep and large inputs", () => {
  const dir = mkdtempSync(join(tmpdir(), "apol-limits-"));
  beforeAll(buildOnce);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const shape of shapes) {
    it(`${shape.name}: \`apol check\` exits 1 with one located diagnostic, and the language server publishes it`, () => {
      const text = shape.source();
      const file = join(dir, "input.apol");
      writeFileSync(file, text);
      const result = apol(["check", file, "--format", "json"], dir);
      expect(result.err).not.toMatch(/RangeError|Error:|\n\s+at /);
      expect(result.code).toBe(1);
      const printed = JSON.parse(result.out) as { code: string; range: { start: { line: number; column: number } } }[];
      expect(printed.map((d) => d.code)).toEqual([shape.code]);

      const [only, ...rest] = runPipeline(text, "input.apol", "check").diagnostics;
      expect(rest).toEqual([]);
      expect(only?.code).toBe(shape.code);
      expect(text.slice(only?.span.start, only?.span.end)).toBe(shape.underlined);
      const location = new LineIndex(text).position(only?.span.start ?? -1);
      expect(printed[0]?.range.start).toMatchObject(location);

      const analysis = analyze("file:///input.apol", 1, text);
      expect(lspDiagnostics(analysis, true).map((d) => d.code)).toEqual([shape.code]);
      // Requests at the deep point and at the end answer (completion would walk the grammar along 100,000 `(`, the lexer through 10 MB).
      const snapshot = { uri: "file:///input.apol", version: 1, text, index: new LineIndex(text) };
      for (const offset of [only?.span.start ?? 0, text.length]) {
        const at = snapshot.index.position(offset);
        const position = { line: at.line - 1, character: at.column - 1 };
        completion(snapshot, analysis, position);
        signatureHelp(snapshot, position);
      }
      encode(analysis, classify(analysis));
    }, 60_000);
  }

  it("a file of exactly the size limit is read; one character more is refused", () => {
    const filler = (length: number): string => {
      const base = "policy p\ntool t(x: number)\nrule r { allow t }\n";
      return base + "/".repeat(2) + " ".repeat(length - base.length - 2);
    };
    expect(runPipeline(filler(maxSourceLength), "a.apol", "check").diagnostics).toEqual([]);
    expect(runPipeline(filler(maxSourceLength + 1), "a.apol", "check").diagnostics).toEqual([
      {
        code: "apol/too-large",
        severity: "error",
        span: { start: maxSourceLength, end: maxSourceLength + 1 },
        message: "the file is too large: 1,048,577 characters, more than 1,048,576",
        help: "split the policy into smaller files, or move long lists of values out of it",
      },
    ]);
  });
});

// ---------------------------------------------------------------- around the limits

/** An expression, type or test value nested `depth` deep in one of the ways a policy can nest. */
const arbDeep = fc.oneof(
  fc
    .integer({ min: maxNesting - 4, max: maxNesting + 2 })
    .chain((depth) =>
      fc.constantFrom(
        rule(nested("(", "args.x > 1", ")", depth)),
        rule(`${"not ".repeat(depth)}args.x > 1`),
        rule(`args.x > ${"-".repeat(depth)}1`),
        rule(`any(v in ${nested("[", '"a"', "]", depth)}: true)`),
        `${header}user { v: ${nested("{a: ", "number", "}", depth)} }\n`,
        `${header}test "deep" { call t(x: 1, s: ${nested("(", '"a"', ")", depth)}, l: []) expect allow }\n`,
      ),
    ),
  fc
    .integer({ min: maxDepth - 6, max: maxDepth + 2 })
    .chain((length) =>
      fc.constantFrom(
        rule(chain("args.x > 1", "and", length)),
        rule(chain("args.x > 1", "or", length)),
        rule(`${chain("args.x", "+", length)} > 1`),
        rule(`${chain("args.x", "*", length)} > 1`),
        `${header}user { v: number${"[]".repeat(length)} }\n`,
      ),
    ),
);

describe("every stage around the limits", () => {
  it("reports `apol/too-deep` or runs every stage without throwing: check, lint, lower, optimize, emit, load, tests, reference, format, the language server", async () => {
    await fc.assert(
      fc.asyncProperty(arbDeep, async (source) => {
        const result = runPipeline(source, "deep.apol", "emit");
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        if (errors.some((d) => d.code === "apol/too-deep")) {
          expect(errors.map((d) => d.code)).toEqual(["apol/too-deep"]);
        } else {
          expect(errors).toEqual([]);
          const checked = result.outputs.check as Checked;
          lint(checked);
          expect(result.outputs.emit?.js).toBeTypeOf("string");
          const run = await runSourceTests(source, "deep.apol");
          expect(run.ok).toBe(true);
          evaluateReference(checked, { tool: "t", args: { x: 2, s: "a", l: [] } }, undefined, true);
          expect(format(source).text).toBeTypeOf("string");
        }
        const analysis = analyze("file:///deep.apol", 1, source);
        lspDiagnostics(analysis, true);
        foldingRanges(analysis);
        encode(analysis, classify(analysis));
        formatDocument(analysis);
        const position = { line: 3, character: 30 };
        hover(analysis, position);
        selectionRanges(analysis, [position]);
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});

describe("bracket soup", () => {
  /** Tokens that nest, close, or make the parser recover: stray and mismatched closers, keywords used as names, declaration keywords. */
  const arbToken = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("(", "[", "{", "not", "-", "any(v in", "f(") },
    { weight: 2, arbitrary: fc.constantFrom(")", "]", "}", "args.x", "args.rule", "rule", "1", ",", ":", "and", "+", "x:") },
  );
  it("never throws, however the brackets are mismatched (the parser recovers inside them, so the limit must still hold)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbToken, { minLength: 1, maxLength: 8 }), { minLength: 50, maxLength: 600 }), (runs) => {
        const source = rule(runs.map((run) => run.join(" ")).join(" "));
        const result = runPipeline(source, "soup.apol", "check");
        expect(result.diagnostics.length).toBeGreaterThanOrEqual(0);
        analyze("file:///soup.apol", 1, source);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
