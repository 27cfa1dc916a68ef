// What the compiler reports for a source, in the corpus's terms: underlined text, line and column, fixed source.
import type { Code } from "../../compiler/src/diagnostics/codes.js";
import { applyFixes } from "../../compiler/src/diagnostics/apply-fixes.js";
import type { Diagnostic, Fix, Severity } from "../../compiler/src/diagnostics/diagnostic.js";
import { lintSource } from "../../compiler/src/lint/lint-source.js";
import { LineIndex, type Span } from "../../compiler/src/source/span.js";

/** A 1-based position and the span's length in UTF-16 code units, as the corpus writes it. */
export interface At {
  readonly line: number;
  readonly column: number;
  readonly length?: number;
}

/**
 * One diagnostic as a corpus case states it. Every field but `at` is compared exactly:
 * an absent `help` or `fixed` means the diagnostic has none.
 */
export interface ExpectedDiagnostic {
  readonly code: Code;
  readonly severity: Severity;
  /** The exact source text under the span ("" for an empty span, such as a missing `}`). */
  readonly underlined: string;
  /** Where the span starts; without it, only the underlined text locates the diagnostic. */
  readonly at?: At;
  readonly message: string;
  readonly help?: string;
  /** The whole source after applying the diagnostic's fix. */
  readonly fixed?: string;
}

/** The source text under a span. */
export function underlinedText(source: string, span: Span): string {
  return source.slice(span.start, span.end);
}

/** The source with every edit of `fix` applied. */
export function applyFix(source: string, fix: Fix): string {
  return applyFixes(source, [fix]).text;
}

/** A compiler diagnostic in the corpus's full form, the one update mode writes. */
export function toExpected(source: string, d: Diagnostic, lines: LineIndex = new LineIndex(source)): ExpectedDiagnostic {
  const { line, column } = lines.position(d.span.start);
  return {
    code: d.code,
    severity: d.severity,
    underlined: underlinedText(source, d.span),
    at: { line, column, length: d.span.end - d.span.start },
    message: d.message,
    ...(d.help !== undefined ? { help: d.help } : {}),
    ...(d.fix !== undefined ? { fixed: applyFix(source, d.fix) } : {}),
  };
}

/** Runs the pipeline up to `check` on `source`, and the lints when it has no errors, and returns the diagnostics sorted by position. */
export function diagnose(source: string, file = "case.apol"): readonly Diagnostic[] {
  return lintSource(source, file).diagnostics;
}

/** Every diagnostic the pipeline reports for `source`, in full corpus form and in the pipeline's order. */
export function observe(source: string): ExpectedDiagnostic[] {
  const lines = new LineIndex(source);
  return diagnose(source).map((d) => toExpected(source, d, lines));
}

/** One line per diagnostic, `3:19 error apol/unknown-tool \`sned\`: unknown tool ...`, for failure messages. */
export function describeDiagnostic(d: ExpectedDiagnostic): string {
  const at = d.at ? `${d.at.line}:${d.at.column} ` : "";
  const help = d.help !== undefined ? ` (help: ${d.help})` : "";
  return `${at}${d.severity} ${d.code} underlining ${JSON.stringify(d.underlined)}: ${d.message}${help}`;
}
