// Robustness of the language server: every request kind, on every sampled prefix of every corpus file and on garbage, returns a well-formed result and never throws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Position, Range, TextEdit } from "vscode-languageserver";
import { LineIndex } from "@apol/compiler";
import { analyze, type Analysis } from "../../lsp/src/analysis.js";
import { codeActions } from "../../lsp/src/code-actions.js";
import { codeLenses } from "../../lsp/src/code-lens.js";
import { completion } from "../../lsp/src/completion.js";
import { definition } from "../../lsp/src/definition.js";
import { lspDiagnostics } from "../../lsp/src/diagnostics.js";
import { foldingRanges } from "../../lsp/src/folding.js";
import { formatDocument, formatRange } from "../../lsp/src/formatting.js";
import { refactors } from "../../lsp/src/refactors.js";
import { highlights } from "../../lsp/src/highlight.js";
import { hover } from "../../lsp/src/hover.js";
import { inlayHints } from "../../lsp/src/inlay-hints.js";
import { references } from "../../lsp/src/references.js";
import { prepareRename, rename } from "../../lsp/src/rename.js";
import { selectionRanges } from "../../lsp/src/selection-ranges.js";
import { classify, encode, legend } from "../../lsp/src/semantic-tokens.js";
import { signatureHelp } from "../../lsp/src/signature-help.js";
import { documentSymbols, workspaceSymbols } from "../../lsp/src/symbols.js";
import { policySources } from "../harness/sources.js";

/** Every corpus source and example policy. */
const corpus: readonly string[] = policySources().map((s) => s.text);

// ---------------------------------------------------------------- well-formedness

/** Checks that positions and ranges lie inside the text. */
class Shape {
  readonly problems: string[] = [];
  private readonly lines: string[];
  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
  }
  position(p: Position, where: string): void {
    const line = this.lines[p.line];
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || line === undefined || p.character < 0 || p.character > line.length) {
      this.problems.push(`${where}: position ${JSON.stringify(p)} is outside the text`);
    }
  }
  range(r: Range, where: string): void {
    this.position(r.start, where);
    this.position(r.end, where);
    if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character))
      this.problems.push(`${where}: range ${JSON.stringify(r)} ends before it starts`);
  }
  contains(outer: Range, inner: Range, where: string): void {
    const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    if (!before(outer.start, inner.start) || !before(inner.end, outer.end))
      this.problems.push(`${where}: ${JSON.stringify(inner)} is not inside ${JSON.stringify(outer)}`);
  }
  edits(edits: readonly TextEdit[], where: string): void {
    for (const e of edits) {
      this.range(e.range, where);
      if (typeof e.newText !== "string") this.problems.push(`${where}: an edit has no text`);
    }
  }
  text(value: unknown, where: string): void {
    if (typeof value !== "string" || value === "") this.problems.push(`${where}: ${JSON.stringify(value)} is not a non-empty string`);
  }
  get lineCount(): number {
    return this.lines.length;
  }
}

/**
 * Runs every request kind on `text` at `positions`; returns the problems found (an exception
 * propagates). With `tests`, `text` is a test file, analyzed after the policy `tests.policy`
 * (a missing one when `undefined`), and locations in that policy are checked against its text.
 */
function everyRequest(text: string, positions: readonly Position[], tests?: { readonly policy: string | undefined }): string[] {
  const policyUri = "file:///fuzz.apol";
  const uri = tests ? "file:///fuzz.test.apol" : policyUri;
  const analysis: Analysis = analyze(uri, 1, text, tests && { uri: policyUri, text: tests.policy });
  const snapshot = { uri, version: 1, text, index: new LineIndex(text) };
  const shape = new Shape(text);
  const policyShape = new Shape(tests?.policy ?? "");
  /** The shape of the document a location is in: the test file's policy, or the document itself. */
  const shapeOf = (location: string): Shape => (tests && location === policyUri ? policyShape : shape);
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: shape.lineCount - 1, character: (text.split(/\r\n|\r|\n/).at(-1) ?? "").length } };

  for (const d of lspDiagnostics(analysis, true)) {
    shape.range(d.range, "diagnostic");
    shape.text(d.message, "diagnostic message");
    for (const r of d.relatedInformation ?? []) shapeOf(r.location.uri).range(r.location.range, "related information");
  }
  for (const s of documentSymbols(analysis)) {
    shape.text(s.name, "symbol name");
    shape.range(s.range, "symbol range");
    shape.contains(s.range, s.selectionRange, "symbol selection");
    for (const c of s.children ?? []) shape.text(c.name, "child symbol name");
  }
  for (const s of workspaceSymbols([analysis], "")) shape.range(s.location.range, "workspace symbol");
  for (const f of foldingRanges(analysis)) if (!(f.startLine < f.endLine && f.endLine < shape.lineCount)) shape.problems.push(`folding ${JSON.stringify(f)}`);
  const data = encode(analysis, classify(analysis));
  if (data.length % 5 !== 0) shape.problems.push("semantic tokens: data is not a multiple of five");
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, length, type, modifiers] = data.slice(i, i + 5) as number[] as [number, number, number, number, number];
    line += dl;
    character = dl === 0 ? character + dc : dc;
    if (dl < 0 || (dl === 0 && dc < 0) || length <= 0 || type < 0 || type >= legend.tokenTypes.length || modifiers >= 1 << legend.tokenModifiers.length) {
      shape.problems.push(`semantic token ${i / 5} is malformed: ${JSON.stringify([dl, dc, length, type, modifiers])}`);
    }
    shape.position({ line, character: character + length }, `semantic token ${i / 5}`);
  }
  shape.edits(formatDocument(analysis).edits, "formatting");
  shape.edits(formatRange(analysis, whole).edits, "range formatting");
  for (const a of [...codeActions(analysis, whole), ...refactors(analysis, whole)])
    for (const [at, edits] of Object.entries(a.edit?.changes ?? {})) shapeOf(at).edits(edits, `code action ${a.title}`);
  for (const l of codeLenses(analysis)) shape.range(l.range, "code lens");
  for (const h of inlayHints(analysis, whole)) shape.position(h.position, "inlay hint");

  for (const position of positions) {
    for (const item of completion(snapshot, analysis, position)) {
      shape.text(item.label, "completion label");
      const edit = item.textEdit;
      if (edit && "range" in edit) shape.range(edit.range, "completion edit");
    }
    const h = hover(analysis, position);
    if (h) {
      shape.text((h.contents as { value: string }).value, "hover");
      if (h.range) shape.range(h.range, "hover range");
    }
    const signature = signatureHelp(snapshot, position);
    for (const s of signature?.signatures ?? []) shape.text(s.label, "signature label");
    for (const l of definition(analysis, position, [analysis])) shapeOf(l.uri).range(l.range, "definition");
    for (const l of references(analysis, position, true, [analysis])) shapeOf(l.uri).range(l.range, "reference");
    for (const h2 of highlights(analysis, position)) shape.range(h2.range, "highlight");
    const check = prepareRename(analysis, position);
    if (check.ok) {
      shape.range(check.range, "prepare rename");
      const renamed = rename(analysis, position, "renamed", [analysis]);
      if (!("edit" in renamed)) shape.problems.push(`rename refused after prepareRename accepted: ${renamed.message}`);
      else for (const [at, edits] of Object.entries(renamed.edit.changes ?? {})) shapeOf(at).edits(edits, "rename");
    } else shape.text(check.message, "rename refusal");
    for (const s of selectionRanges(analysis, [position])) {
      for (let r: typeof s | undefined = s; r; r = r.parent) {
        shape.range(r.range, "selection range");
        if (r.parent) shape.contains(r.parent.range, r.range, "selection parent");
      }
    }
  }
  return [...shape.problems, ...policyShape.problems];
}

/** A position from two numbers, wrapped into the text's lines. */
function positionIn(text: string, line: number, character: number): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const l = line % lines.length;
  return { line: l, character: character % ((lines[l] ?? "").length + 1) };
}

function assertWellFormed(text: string, picks: readonly [number, number][], tests?: { readonly policy: string | undefined }): void {
  const positions = picks.map(([l, c]) => positionIn(text, l, c));
  const what = `${JSON.stringify(text)}${tests ? ` (a test file of ${JSON.stringify(tests.policy)})` : ""} at ${JSON.stringify(positions)}`;
  let problems: string[];
  try {
    problems = everyRequest(text, positions, tests);
  } catch (error) {
    throw new Error(`a request threw on ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { cause: error });
  }
  if (problems.length > 0) throw new Error(`malformed results for ${what}:\n  ${problems.slice(0, 10).join("\n  ")}`);
}

const picks = fc.array(fc.tuple(fc.nat(400), fc.nat(200)), { minLength: 1, maxLength: 3 });

describe("the language server never throws and answers well-formed results", () => {
  it("on sampled prefixes of every corpus file", () => {
    expect(corpus.length).toBeGreaterThan(50);
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.double({ min: 0, max: 1, noNaN: true }), picks, (source, fraction, at) => {
        assertWellFormed(source.slice(0, Math.round(source.length * fraction)), at);
      }),
      { numRuns: 300 },
    );
  });

  it("on every file whole, at every line start", () => {
    for (const source of corpus.slice(0, 400)) {
      const lines = source.split("\n").length;
      assertWellFormed(
        source,
        Array.from({ length: Math.min(lines, 30) }, (_, i) => [i, 0] as [number, number]),
      );
    }
  });

  it("on empty, binary and half-typed documents", () => {
    const garbage = [
      "",
      "\u0000\u0001\uffff\ud800",
      "policy",
      "rule r { when args.",
      'test "x" { call t(',
      "/* unterminated",
      '"open',
      "policy p\ntool t(a: number)\nrule r { allow t when any(x in args.",
      "\r\n\r\n\t",
    ];
    for (const text of garbage)
      assertWellFormed(text, [
        [0, 0],
        [0, 100],
        [1, 3],
        [7, 1],
      ]);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 120 }), picks, (text, at) => assertWellFormed(text, at)),
      { numRuns: 150 },
    );
  });

  it("on test files: sampled prefixes of corpus files and garbage after a sampled policy prefix, or without a policy", () => {
    const policies = [...corpus.slice(0, 40), ...corpus.slice(-10)];
    const tests = fc.oneof(
      fc
        .tuple(fc.constantFrom(...corpus), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([source, fraction]) => source.slice(0, Math.round(source.length * fraction))),
      fc.string({ unit: "binary", maxLength: 80 }),
    );
    const policy = fc.option(
      fc
        .tuple(fc.constantFrom(...policies), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([source, fraction]) => source.slice(0, Math.round(source.length * Math.max(fraction, 0.5)))),
      { nil: undefined, freq: 5 },
    );
    fc.assert(
      fc.property(tests, policy, picks, (text, source, at) => assertWellFormed(text, at, { policy: source })),
      { numRuns: 150 },
    );
  });
});
