// Robustness of the whole pipeline: it never throws on any text, and every diagnostic it returns is well formed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codes } from "../../compiler/src/diagnostics/codes.js";
import type { Diagnostic } from "../../compiler/src/diagnostics/diagnostic.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import type { Span } from "../../compiler/src/source/span.js";
import { lex } from "../../compiler/src/syntax/lex.js";
import { keywordSpecs, punctuation } from "../../compiler/src/syntax/tokens.js";
import { loadCase } from "../harness/case-file.js";
import { caseFiles } from "../harness/corpus.js";

const numRuns = 500;
const root = join(import.meta.dirname, "..", "..");

// ---------------------------------------------------------------- the property

/** Why a span is not a valid range of `text`, or undefined. Boundaries may not split a surrogate pair. */
function spanProblem(span: Span, text: string): string | undefined {
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `offsets ${start}..${end} are not integers`;
  if (start < 0 || start > end || end > text.length) return `${start}..${end} is not a range within 0..${text.length}`;
  const splitsPair = (at: number): boolean => /[\ud800-\udbff]/.test(text.charAt(at - 1)) && /[\udc00-\udfff]/.test(text.charAt(at));
  if (splitsPair(start) || splitsPair(end)) return `${start}..${end} splits a surrogate pair`;
  return undefined;
}

/** Every problem with one diagnostic: its code, severity, message, and every span it carries. */
function diagnosticProblems(d: Diagnostic, text: string): string[] {
  const problems: string[] = [];
  const span = spanProblem(d.span, text);
  if (span) problems.push(`span: ${span}`);
  if (!(d.code in codes)) problems.push(`code is not in the catalogue`);
  else if (codes[d.code].severity !== d.severity) problems.push(`severity ${d.severity} differs from the catalogue's`);
  if (d.message === "" || /[\r\n]/.test(d.message)) problems.push(`message ${JSON.stringify(d.message)} is empty or has a line break`);
  for (const related of d.related ?? []) {
    const problem = spanProblem(related.span, text);
    if (problem) problems.push(`related span: ${problem}`);
  }
  const edits = [...(d.fix?.edits ?? [])].sort((a, b) => a.span.start - b.span.start);
  edits.forEach((edit, i) => {
    const problem = spanProblem(edit.span, text);
    if (problem) problems.push(`fix edit: ${problem}`);
    const next = edits[i + 1];
    if (next && next.span.start < edit.span.end) problems.push(`fix edits overlap at ${next.span.start}`);
  });
  return problems;
}

/** Runs every stage on `text`; throws if the pipeline throws or returns a malformed diagnostic. */
function assertRobust(text: string): void {
  let diagnostics: readonly Diagnostic[];
  try {
    diagnostics = runPipeline(text, "fuzz.apol").diagnostics;
  } catch (error) {
    throw new Error(`runPipeline threw on ${JSON.stringify(text)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, {
      cause: error,
    });
  }
  const problems = diagnostics.flatMap((d) => diagnosticProblems(d, text).map((p) => `${d.code} ${JSON.stringify(d.message)}: ${p}`));
  if (problems.length > 0) throw new Error(`malformed diagnostics for ${JSON.stringify(text)}:\n  ${problems.join("\n  ")}`);
}

// ---------------------------------------------------------------- seeds

/** The source of every corpus case that loads (a broken case file fails the corpus test, not this one). */
const corpusSources: readonly string[] = caseFiles(join(root, "test", "cases")).flatMap((file) => {
  const loaded = loadCase(file);
  return loaded.ok ? [loaded.case.source] : [];
});

/** Every `.apol` file under examples/, found at test time. */
const exampleSources: readonly string[] = readdirSync(join(root, "examples"), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".apol"))
  .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"));

/** Offsets where a token or comment starts, has its first character, or ends, plus the end of the text. */
function tokenCuts(source: string): Set<number> {
  const { tokens, comments } = lex(source);
  const cuts = new Set<number>([source.length]);
  for (const t of [...tokens, ...comments]) {
    cuts.add(t.startOffset);
    cuts.add(t.startOffset + 1);
    cuts.add(t.startOffset + t.image.length);
  }
  return cuts;
}

// ---------------------------------------------------------------- arbitraries

/** Single UTF-16 code units in the surrogate range: never valid on their own. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Characters that mean something to the lexer, so random text hits strings, comments and escapes. */
const apolCharacter = fc.constantFrom(..."{}()[],:.?=<>!+-*/\\\"'`\n\r\t $#&|;_aAz09\u00a0\u2028\ufeff");

/** Any code point, a lone surrogate, or a character the lexer cares about. */
const anyCharacter = fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), loneSurrogate, apolCharacter);

const anyText = fc.string({ unit: anyCharacter, maxLength: 200 });

/** How every keyword and punctuation token of the token table is spelt. */
const spellings: readonly string[] = [...keywordSpecs.map((k) => k.word), ...punctuation.map((p) => (p.token.LABEL ?? "").replace(/^`|`$/g, ""))];

/** One token of apol's vocabulary, or a literal, name or comment. */
const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...spellings) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "send",
      "x",
      "Role",
      "admin",
      "p",
      "r",
      "to",
      "amount",
      "string",
      "number",
      "int",
      "bool",
      "lower",
      "has",
      "len",
      "from",
      "untrusted",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("0", "1", "3", "1.5", "1e999", "-2", "1h", "0s", "500ms", "7d", "session") },
  { weight: 1, arbitrary: fc.constantFrom('"a"', '""', '"(a+)+"', '"\\q"', '"\\u{110000}"', '"unterminated', '"2026-11-21T10:00:00Z"', '"/internal/**"') },
  { weight: 1, arbitrary: fc.constantFrom("// c", "/// doc", "/* c */", "/* open", "'", "$default", "&&", "😀") },
);

const separator = fc.constantFrom(" ", "", "\n", "\t", "\r\n");

/** A soup of tokens, sometimes after a policy header so the checker gets past `missing-policy`. */
const tokenSoup: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(token, separator), { maxLength: 60 }))
  .map(([header, parts]) => (header ? "policy p\n" : "") + parts.map(([t, s]) => t + s).join(""));

/** One random edit: where (two offsets, taken modulo the length), how long a chunk, and text to insert. */
type Edit = readonly ["delete" | "insert" | "swap" | "duplicate", number, number, number, string];

function applyEdit(text: string, [kind, a, b, length, insert]: Edit): string {
  const i = text.length === 0 ? 0 : a % text.length;
  const j = text.length === 0 ? 0 : b % text.length;
  switch (kind) {
    case "delete":
      return text.slice(0, i) + text.slice(i + length);
    case "insert":
      return text.slice(0, i) + insert + text.slice(i);
    case "duplicate":
      return text.slice(0, j) + text.slice(i, i + length) + text.slice(j);
    case "swap": {
      const [first, second] = i <= j ? [i, j] : [j, i];
      const firstChunk = text.slice(first, Math.min(first + length, second));
      const secondChunk = text.slice(second, second + length);
      return text.slice(0, first) + secondChunk + text.slice(first + firstChunk.length, second) + firstChunk + text.slice(second + secondChunk.length);
    }
  }
}

const edit: fc.Arbitrary<Edit> = fc.tuple(
  fc.constantFrom("delete", "insert", "swap", "duplicate"),
  fc.nat(),
  fc.nat(),
  fc.nat({ max: 40 }),
  fc.oneof(token, anyText),
);

/** A seed with 1 to 4 edits: deletions, insertions of tokens or text, swaps and duplications of chunks. */
const mutated: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...corpusSources) }, { weight: 1, arbitrary: fc.constantFrom(...exampleSources) }),
    fc.array(edit, { minLength: 1, maxLength: 4 }),
  )
  .map(([seed, edits]) => edits.reduce(applyEdit, seed));

/** A prefix of a seed cut at any offset (examples weigh as much as the whole corpus: they are longer and richer). */
const cutSeed: fc.Arbitrary<string> = fc
  .oneof(fc.constantFrom(...corpusSources), fc.constantFrom(...exampleSources))
  .chain((seed) => fc.nat({ max: seed.length }).map((cut) => seed.slice(0, cut)));

// ---------------------------------------------------------------- tests

describe("the pipeline never throws and returns well-formed diagnostics", () => {
  it("has seeds from the corpus and from examples/", () => {
    expect(corpusSources.length).toBeGreaterThanOrEqual(100);
    expect(exampleSources.length).toBeGreaterThanOrEqual(1);
  });

  it("checks its own property: a span past the end, a split surrogate pair and a two-line message are caught", () => {
    const base = { code: "apol/unknown-tool", severity: "error", message: "m" } as const;
    expect(diagnosticProblems({ ...base, span: { start: 2, end: 9 } }, "abcd")).toEqual(["span: 2..9 is not a range within 0..4"]);
    expect(diagnosticProblems({ ...base, span: { start: 1, end: 2 } }, "😀")).toEqual(["span: 1..2 splits a surrogate pair"]);
    expect(diagnosticProblems({ ...base, message: "a\nb", span: { start: 0, end: 0 } }, "")).toEqual(['message "a\\nb" is empty or has a line break']);
  });

  it("on arbitrary strings, including lone surrogates and control characters", () => {
    fc.assert(fc.property(anyText, assertRobust), { numRuns });
  });

  it("on soups of keywords, punctuation and literals", () => {
    fc.assert(fc.property(tokenSoup, assertRobust), { numRuns });
  });

  it("on every prefix of every corpus source that ends at a token's start, second character or end", () => {
    // Every character offset would take minutes; these cuts reach every lexer and parser state a cut can
    // (inside a string, a comment, a name, between tokens), and random cuts below cover the offsets between.
    // Cases share their first lines, so the distinct prefixes are far fewer than the cuts.
    const prefixes = new Set<string>();
    for (const source of corpusSources) for (const cut of tokenCuts(source)) prefixes.add(source.slice(0, cut));
    for (const prefix of prefixes) assertRobust(prefix);
    // About 20 s on an idle core; the corpus grows with every construct, and CI shares two cores among its workers.
  }, 180_000);

  it("on every line-by-line prefix of every example, and on prefixes cut at any offset", () => {
    for (const source of exampleSources) {
      for (let cut = source.indexOf("\n"); cut >= 0; cut = source.indexOf("\n", cut + 1)) assertRobust(source.slice(0, cut));
      assertRobust(source);
    }
    fc.assert(fc.property(cutSeed, assertRobust), { numRuns });
  });

  it("on corpus sources and examples with random deletions, insertions, swaps and duplications", () => {
    fc.assert(fc.property(mutated, assertRobust), { numRuns });
  });
});
