// One document's compiler results: the pipeline run up to `check` (for a test file, on its policy's text followed by its own), its lints on demand, plus the lookups every feature shares.
import {
  check,
  combineSources,
  LineIndex,
  lint,
  parse,
  resolve,
  sortDiagnostics,
  type Ast,
  type RuleChecks,
  type Checked,
  type Diagnostic,
  type ParseResult,
  type Reference,
  type Resolved,
  type Span,
} from "@apol/compiler";
import { ShiftedLines, type Lines } from "./positions.js";
import { symbolKey } from "./symbol-keys.js";
import { missingPolicy } from "./test-files.js";

/** Every reference sharing one span: `args.x` in a rule over several tools refers to each tool's `x`. */
export interface Occurrence {
  readonly start: number;
  readonly end: number;
  readonly references: readonly Reference[];
}

/** The policy a test file (`NAME.test.apol`) continues. */
interface TestedPolicy {
  readonly uri: string;
  /** Positions in the policy of the offsets before `boundary`; `undefined` when there is no such policy and the test file was analyzed alone. */
  readonly index: LineIndex | undefined;
}

/** Where a test file's policy comes from, as the document store found it: its text, or `undefined` when there is no such file. */
export interface PolicySource {
  readonly uri: string;
  readonly text: string | undefined;
}

/**
 * A document's text as the compiler saw it and everything the compiler said about it. Every
 * span in it is an offset into `text`, whose positions in the document `index` gives.
 * INVARIANT (immutable): an analysis never changes; an edit produces a new one.
 */
export interface Analysis {
  readonly uri: string;
  /** The editor's version of the text, or `null` for a file read from disk. */
  readonly version: number | null;
  /** The text the compiler saw: the document's, or for a test file its policy's, a line break and then the document's (from `boundary`). */
  readonly text: string;
  /** Where the document's own text starts in `text`: 0, but after its policy for a test file. */
  readonly boundary: number;
  /** Positions in the document of offsets into `text`. */
  readonly index: Lines;
  /** For a test file: the policy whose text `text` starts with. */
  readonly policy?: TestedPolicy;
  readonly ast: Ast.Policy;
  readonly checked: Checked;
  /** Every lexing, parsing and checking diagnostic of `text` (for a test file, its policy's too), sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The file name diagnostics carry: the last segment of the URI's path. */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, "");
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) || "untitled.apol";
}

/**
 * Runs the compiler on one document. A test file comes with its `policy` and is checked after
 * the policy's text, as `apol test` checks it; when the policy does not exist it is analyzed
 * alone, and its one diagnostic says so instead of calling every name in it unknown.
 */
export function analyze(uri: string, version: number | null, text: string, policy?: PolicySource, options: AnalyzeOptions = {}): Analysis {
  const { parser = { parse }, depth = "full", rules } = options;
  const lines = options.lines?.text === text ? options.lines : new LineIndex(text);
  if (policy === undefined) return compile(uri, version, text, lines, 0, parser, depth, rules);
  if (policy.text === undefined) {
    const alone = compile(uri, version, text, lines, 0, parser, depth, rules);
    return { ...alone, policy: { uri: policy.uri, index: undefined }, diagnostics: [missingPolicy(fileNameOf(policy.uri))] };
  }
  const source = combineSources(policy.text, text);
  const combined = compile(uri, version, source.text, new ShiftedLines(lines, source.boundary), source.boundary, parser, depth, rules);
  return { ...combined, policy: { uri: policy.uri, index: new LineIndex(policy.text) } };
}

/** How `analyze` runs beyond its defaults: an editor's, kept per document, make it incremental. */
export interface AnalyzeOptions {
  /** What parses the text; the compiler's `parse` by default. */
  readonly parser?: Parser;
  readonly depth?: Depth;
  /** Skips the rules unchanged since its last full analysis. */
  readonly rules?: RuleChecks;
  /** The document text's line index, if the caller has one (used when its `text` is the document's). */
  readonly lines?: LineIndex;
}

/** What parses a document's text: the compiler's `parse`, or a parser that keeps the parses of unchanged declarations. */
interface Parser {
  parse(text: string): ParseResult;
}

/**
 * How much of a document to check: `full`, or only its `declarations` (tools, types, consts:
 * every name and type, no rule or test checked; the AST is still the whole parse), which is a
 * fraction of the time, for completion, the outline and folding while the full analysis of the
 * current text is still on its way.
 */
type Depth = "full" | "declarations";

/**
 * Runs the pipeline's stages up to `check` (parse, resolve, check: none needs valid input) on `text`; `index` and `boundary` place it in the document.
 * `rules`, kept with `parser` for one document, skips the rules unchanged since its last full analysis.
 */
function compile(
  uri: string,
  version: number | null,
  text: string,
  index: Lines,
  boundary: number,
  parser: Parser,
  depth: Depth,
  rules: RuleChecks | undefined,
): Analysis {
  const parsed = parser.parse(text);
  const resolved = resolve(parsed.ast);
  const result = depth === "full" ? check(resolved.output, rules) : check(withoutRulesOrTests(resolved.output));
  const checked = result.output;
  return {
    uri,
    version,
    text,
    boundary,
    index,
    ast: parsed.ast,
    checked,
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...resolved.diagnostics, ...result.diagnostics]),
  };
}

/** The policy with its symbols but without the rules and tests to check. */
function withoutRulesOrTests(resolved: Resolved): Resolved {
  const declarations = resolved.ast.declarations.filter((d) => d.kind !== "RuleDecl" && d.kind !== "TestDecl");
  return { ...resolved, ast: { ...resolved.ast, declarations } };
}

/** Whether a span of `text` lies in the document itself, not (for a test file) in its policy. */
export function inDocument(analysis: Analysis, span: Span): boolean {
  return span.start >= analysis.boundary;
}

/** The declarations of the document itself: for a test file, not its policy's. */
export function ownDeclarations(analysis: Analysis): readonly Ast.Declaration[] {
  return analysis.boundary === 0 ? analysis.ast.declarations : analysis.ast.declarations.filter((d) => inDocument(analysis, d.span));
}

/** Whether the compiler reported an error (for a test file, in it or in its policy): such a document is not linted, and its tests cannot run. */
export function hasErrors(analysis: Analysis): boolean {
  return analysis.diagnostics.some((d) => d.severity === "error");
}

const lintsByAnalysis = new WeakMap<Analysis, readonly Diagnostic[]>();

/**
 * The lint findings of a document without errors (none for one with errors: lints assume a
 * well-typed policy), sorted by position. Computed on first use and kept with the analysis,
 * so publishing the checker's diagnostics never waits for the lints.
 */
export function lintsOf(analysis: Analysis): readonly Diagnostic[] {
  let lints = lintsByAnalysis.get(analysis);
  if (lints === undefined) {
    lints = hasErrors(analysis) ? [] : lint(analysis.checked).map((finding) => finding.diagnostic);
    lintsByAnalysis.set(analysis, lints);
  }
  return lints;
}

/** Whether the analysis's lints were computed already (so `lintsOf` answers at once). */
export function lintsKnown(analysis: Analysis): boolean {
  return lintsByAnalysis.has(analysis);
}

/** The compiler's diagnostics and the lint findings, sorted by position. */
export function compilerDiagnostics(analysis: Analysis): readonly Diagnostic[] {
  const lints = lintsOf(analysis);
  return lints.length === 0 ? analysis.diagnostics : [...analysis.diagnostics, ...lints].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

const occurrencesByAnalysis = new WeakMap<Analysis, readonly Occurrence[]>();
const referencesByAnalysis = new WeakMap<Analysis, ReadonlyMap<string, readonly Reference[]>>();

/**
 * The analysis's name occurrences sorted by position, for position lookups. Built on first use
 * and kept with the analysis: publishing diagnostics after a keystroke never needs them.
 */
export function occurrencesOf(analysis: Analysis): readonly Occurrence[] {
  let occurrences = occurrencesByAnalysis.get(analysis);
  if (occurrences === undefined) {
    occurrences = groupBySpan(analysis.checked.references);
    occurrencesByAnalysis.set(analysis, occurrences);
  }
  return occurrences;
}

/**
 * The name occurrences that start from `start` to before `end`, sorted by position: from
 * `occurrencesOf` once it is built, else grouped from just the references there (sorting every
 * reference of a large policy to read one declaration's costs more than classifying it).
 */
export function occurrencesIn(analysis: Analysis, start: number, end: number): readonly Occurrence[] {
  const all = occurrencesByAnalysis.get(analysis);
  if (all === undefined) return groupBySpan(analysis.checked.references.filter((r) => r.span.start >= start && r.span.start < end));
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((all[mid] as Occurrence).start < start) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < all.length && (all[to] as Occurrence).start < end) to++;
  return all.slice(lo, to);
}

/** The references to the symbol with this `symbolKey` (built on first use, as `occurrencesOf`). */
export function referencesTo(analysis: Analysis, key: string): readonly Reference[] {
  let byKey = referencesByAnalysis.get(analysis);
  if (byKey === undefined) {
    byKey = groupByKey(analysis.checked.references);
    referencesByAnalysis.set(analysis, byKey);
  }
  return byKey.get(key) ?? [];
}

/** References sorted by span, those sharing one span grouped: sorting once costs less than a string key per reference. */
function groupBySpan(references: readonly Reference[]): Occurrence[] {
  const sorted = [...references].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: { start: number; end: number; references: Reference[] }[] = [];
  for (const reference of sorted) {
    const last = out[out.length - 1];
    if (last && last.start === reference.span.start && last.end === reference.span.end) last.references.push(reference);
    else out.push({ start: reference.span.start, end: reference.span.end, references: [reference] });
  }
  return out;
}

function groupByKey(references: readonly Reference[]): Map<string, Reference[]> {
  const out = new Map<string, Reference[]>();
  for (const reference of references) {
    const key = symbolKey(reference.target);
    const list = out.get(key);
    if (list) list.push(reference);
    else out.set(key, [reference]);
  }
  return out;
}

/** The name occurrence under the cursor at `offset`, if any (a cursor right after a name is on it). */
export function occurrenceAt(analysis: Analysis, offset: number): Occurrence | undefined {
  const list = occurrencesOf(analysis);
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Occurrence).start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const occurrence = list[found];
  return occurrence && offset <= occurrence.end ? occurrence : undefined;
}
