// One document's compiler results: the pipeline run up to `check`, its lints on demand, plus the lookups every feature shares.
import { LineIndex, lint, runPipeline, type Ast, type Checked, type Diagnostic, type Reference } from "@apol/compiler";
import { symbolKey } from "./symbol-keys.js";

/** Every reference sharing one span: `args.x` in a rule over several tools refers to each tool's `x`. */
export interface Occurrence {
  readonly start: number;
  readonly end: number;
  readonly references: readonly Reference[];
}

/**
 * A document's text as the compiler saw it and everything the compiler said about it.
 * INVARIANT (immutable): an analysis never changes; an edit produces a new one.
 */
export interface Analysis {
  readonly uri: string;
  /** The editor's version of the text, or `null` for a file read from disk. */
  readonly version: number | null;
  readonly text: string;
  readonly index: LineIndex;
  readonly ast: Ast.Policy;
  readonly checked: Checked;
  /** Every lexing, parsing and checking diagnostic, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Name occurrences sorted by position, for position lookups. */
  readonly occurrences: readonly Occurrence[];
  /** References by `symbolKey` of their target. */
  readonly referencesByKey: ReadonlyMap<string, readonly Reference[]>;
}

/** The file name diagnostics carry: the last segment of the URI's path. */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, "");
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) || "untitled.apol";
}

/** Runs the compiler on one text. */
export function analyze(uri: string, version: number | null, text: string): Analysis {
  const result = runPipeline(text, fileNameOf(uri), "check");
  const checked = result.outputs.check;
  // `parse`, `resolve` and `check` all run on any input (none needs valid input), so this cannot happen.
  if (!checked) throw new Error("internal: the pipeline stopped before `check`");
  return {
    uri,
    version,
    text,
    index: new LineIndex(text),
    ast: checked.ast,
    checked,
    diagnostics: result.diagnostics,
    occurrences: occurrencesOf(checked.references),
    referencesByKey: groupByKey(checked.references),
  };
}

/** Whether the compiler reported an error: such a document is not linted, and its tests cannot run. */
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

/** The compiler's diagnostics and the lint findings, sorted by position. */
export function compilerDiagnostics(analysis: Analysis): readonly Diagnostic[] {
  const lints = lintsOf(analysis);
  return lints.length === 0 ? analysis.diagnostics : [...analysis.diagnostics, ...lints].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function occurrencesOf(references: readonly Reference[]): Occurrence[] {
  const bySpan = new Map<string, { start: number; end: number; references: Reference[] }>();
  for (const reference of references) {
    const key = `${reference.span.start}:${reference.span.end}`;
    const entry = bySpan.get(key);
    if (entry) entry.references.push(reference);
    else bySpan.set(key, { start: reference.span.start, end: reference.span.end, references: [reference] });
  }
  return [...bySpan.values()].sort((a, b) => a.start - b.start || a.end - b.end);
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
  const list = analysis.occurrences;
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
