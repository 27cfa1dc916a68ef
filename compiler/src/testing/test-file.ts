// Tests kept beside a policy: `NAME.test.apol` is appended to `NAME.apol` before checking, and diagnostics are mapped back to the file they are in.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";

const TEST_SUFFIX = ".test.apol";

/** The policy a path names: `banking.test.apol` names `banking.apol`; any other path names itself. */
export function policyPathOf(path: string): string {
  return path.endsWith(TEST_SUFFIX) ? `${path.slice(0, -TEST_SUFFIX.length)}.apol` : path;
}

/** Where the tests of the policy at `path` may live: `banking.apol` → `banking.test.apol`. */
export function testPathOf(policyPath: string): string {
  return `${policyPath.endsWith(".apol") ? policyPath.slice(0, -".apol".length) : policyPath}${TEST_SUFFIX}`;
}

/** A policy's text with its test file's appended, and where the test file starts. */
export interface CombinedSource {
  readonly text: string;
  /** The offset of the test file's first character in `text`; `text.length` when there is no test file. */
  readonly boundary: number;
}

/**
 * The text checked for a policy with a test file: the policy, a line break (so
 * a policy without a final newline cannot run into the first test), then the tests.
 */
export function combineSources(policy: string, tests: string | undefined): CombinedSource {
  if (tests === undefined) return { text: policy, boundary: policy.length };
  return { text: `${policy}\n${tests}`, boundary: policy.length + 1 };
}

/**
 * Splits diagnostics of the combined text between the two files, shifting the
 * test file's spans to its own offsets. A related span in the other file is
 * dropped: a diagnostic is rendered against one file's text.
 */
export function splitDiagnostics(diagnostics: readonly Diagnostic[], boundary: number): { readonly policy: Diagnostic[]; readonly tests: Diagnostic[] } {
  const policy: Diagnostic[] = [];
  const tests: Diagnostic[] = [];
  for (const d of diagnostics) {
    const inTests = d.span.start >= boundary;
    (inTests ? tests : policy).push(toFile(d, inTests ? boundary : 0, (span) => span.start >= boundary === inTests));
  }
  return { policy, tests };
}

/** `d` with its spans moved back by `offset`, keeping only related spans in the same file; a fix reaching into the other file is dropped. */
function toFile(d: Diagnostic, offset: number, same: (span: Span) => boolean): Diagnostic {
  const shift = (span: Span): Span => ({ start: span.start - offset, end: span.end - offset });
  const { fix, related, ...rest } = d;
  return {
    ...rest,
    span: shift(d.span),
    ...(related === undefined ? {} : { related: related.filter((r) => same(r.span)).map((r) => ({ ...r, span: shift(r.span) })) }),
    ...(fix === undefined || !fix.edits.every((e) => same(e.span)) ? {} : { fix: { ...fix, edits: fix.edits.map((e) => ({ ...e, span: shift(e.span) })) } }),
  };
}
