// The one diagnostic type every stage returns: code, severity, span, message, help, related spans, fix.
import type { Span } from "../source/span.js";
import { codes, type Code } from "./codes.js";

export type Severity = "error" | "warning";

/** A replacement of the text in `span` by `newText`. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A machine-applicable fix, offered by the CLI's help line and as an editor quick fix. */
export interface Fix {
  /** What applying it does, e.g. "replace with `send_money`". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** A secondary span that explains the primary one ("first declared here"). */
export interface Related {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  /** The exact text the diagnostic is about; never a whole line for a token-sized error. */
  readonly span: Span;
  /** Lowercase, no final period, user text in backticks. */
  readonly message: string;
  /** The second sentence: how to fix it. */
  readonly help?: string;
  readonly related?: readonly Related[];
  readonly fix?: Fix;
}

/** Extra parts of a diagnostic beyond its code, span and message. */
export interface DiagnosticExtras {
  readonly help?: string;
  readonly related?: readonly Related[];
  readonly fix?: Fix;
}

/** Builds a diagnostic with the severity the catalogue gives its code. */
export function diagnostic(code: Code, span: Span, message: string, extras: DiagnosticExtras = {}): Diagnostic {
  return { code, severity: codes[code].severity, span, message, ...extras };
}

/** Orders diagnostics by position, then code, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

/** True if any diagnostic is an error. */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}
