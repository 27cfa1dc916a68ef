// `expectDiagnostic`: asserts that compiling a source reports one diagnostic with a code, an exactly underlined text, and optionally its message, help and fix.
import { AssertionError } from "node:assert";
import type { Code } from "../../compiler/src/diagnostics/codes.js";
import type { Diagnostic } from "../../compiler/src/diagnostics/diagnostic.js";
import { LineIndex } from "../../compiler/src/source/span.js";
import { applyFix, describeDiagnostic, diagnose, toExpected, underlinedText } from "./observed.js";

/** What the diagnostic must be. Strings compare exactly; a RegExp must match. */
export interface DiagnosticExpectation {
  readonly code: Code;
  /** The exact source text under the span. */
  readonly underlined: string;
  readonly message?: string | RegExp;
  readonly help?: string | RegExp;
  /** The whole source after applying the diagnostic's fix. */
  readonly fixed?: string;
}

function matches(actual: string | undefined, want: string | RegExp): boolean {
  if (actual === undefined) return false;
  return typeof want === "string" ? actual === want : want.test(actual);
}

function listing(source: string, diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return "  (no diagnostics)";
  const lines = new LineIndex(source);
  return diagnostics.map((d) => `  ${describeDiagnostic(toExpected(source, d, lines))}`).join("\n");
}

function fail(message: string, fields?: { actual: unknown; expected: unknown }): never {
  throw new AssertionError({ message, ...(fields ?? {}), operator: "expectDiagnostic" });
}

/**
 * Compiles `source` (every stage) and asserts that exactly one diagnostic has `want.code` and
 * underlines exactly `want.underlined`, and that its message, help and fixed source are as given.
 * Returns that diagnostic. Failures list every diagnostic the compiler reported, with its underlined text.
 *
 *     expectDiagnostic("policy p\ntool send()\nrule r { allow sned }\n", {
 *       code: "apol/unknown-tool", underlined: "sned", help: /did you mean `send`/,
 *     });
 */
export function expectDiagnostic(source: string, want: DiagnosticExpectation): Diagnostic {
  const diagnostics = diagnose(source);
  const found = diagnostics.filter((d) => d.code === want.code && underlinedText(source, d.span) === want.underlined);
  const wanted = `${want.code} underlining ${JSON.stringify(want.underlined)}`;
  if (found.length !== 1) {
    const problem = found.length === 0 ? `expected a diagnostic ${wanted}` : `expected one diagnostic ${wanted}, found ${found.length}`;
    fail(`${problem}; the compiler reported:\n${listing(source, diagnostics)}`);
  }
  const d = found[0] as Diagnostic;
  if (want.message !== undefined && !matches(d.message, want.message)) {
    fail(`${wanted}: the message differs`, { actual: d.message, expected: want.message });
  }
  if (want.help !== undefined && !matches(d.help, want.help)) {
    fail(d.help === undefined ? `${wanted}: expected a help line, but it has none` : `${wanted}: the help differs`, {
      actual: d.help,
      expected: want.help,
    });
  }
  if (want.fixed !== undefined) {
    if (!d.fix) fail(`${wanted}: expected a fix, but it has none`);
    const fixed = applyFix(source, d.fix);
    if (fixed !== want.fixed) fail(`${wanted}: the source after the fix differs`, { actual: fixed, expected: want.fixed });
  }
  return d;
}
