// Pairs a case's expected diagnostics with the observed ones, so a failure shows as a field-by-field diff.
import type { ExpectedDiagnostic } from "./observed.js";

/** What to compare: the two sides have the same length and the same key order, ready for `toEqual`. */
export interface Comparison {
  readonly expected: readonly unknown[];
  readonly actual: readonly unknown[];
  /** For update mode: the observed diagnostic paired with each expectation, if any. */
  readonly pairs: readonly (ExpectedDiagnostic | undefined)[];
}

/** Marks an expectation that no observed diagnostic of its code answers. */
export const noSuchDiagnostic = "(no diagnostic with this code)";
/** Marks an observed diagnostic that an exhaustive case does not expect. */
export const notExpected = "(not expected)";

/** How well an observed diagnostic answers an expectation; 0 means not at all (the codes differ). */
function affinity(want: ExpectedDiagnostic, got: ExpectedDiagnostic): number {
  if (want.code !== got.code) return 0;
  const sameText = want.underlined === got.underlined;
  const samePlace = want.at === undefined || (want.at.line === got.at?.line && want.at.column === got.at?.column);
  return 1 + (sameText ? 2 : 0) + (samePlace ? 1 : 0) + (want.message === got.message ? 1 : 0);
}

/**
 * `got` reduced to the fields `want` states, in `want`'s key order. `at` is compared only when the
 * expectation gives it (and `length` only when it gives that); everything else always, so a missing
 * `help` or `fixed` in the expectation means the diagnostic must have none.
 */
export function project(got: ExpectedDiagnostic, want: ExpectedDiagnostic): ExpectedDiagnostic {
  const at = want.at && got.at ? { line: got.at.line, column: got.at.column, ...(want.at.length !== undefined ? { length: got.at.length } : {}) } : undefined;
  return {
    code: got.code,
    severity: got.severity,
    underlined: got.underlined,
    ...(at ? { at } : {}),
    message: got.message,
    ...(got.help !== undefined ? { help: got.help } : {}),
    ...(got.fixed !== undefined ? { fixed: got.fixed } : {}),
  };
}

/**
 * Pairs each expectation with the unused observed diagnostic that answers it best (earliest on ties).
 * An exhaustive comparison appends every unpaired observed diagnostic as unexpected.
 */
export function compareDiagnostics(expected: readonly ExpectedDiagnostic[], observed: readonly ExpectedDiagnostic[], exhaustive: boolean): Comparison {
  const used = new Set<number>();
  const pairs: (ExpectedDiagnostic | undefined)[] = [];
  const want: unknown[] = [];
  const got: unknown[] = [];
  for (const e of expected) {
    let best = -1;
    let bestScore = 0;
    observed.forEach((o, i) => {
      const score = used.has(i) ? 0 : affinity(e, o);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    const match = observed[best];
    if (match) used.add(best);
    pairs.push(match);
    want.push(e);
    got.push(match ? project(match, e) : noSuchDiagnostic);
  }
  if (exhaustive) {
    observed.forEach((o, i) => {
      if (used.has(i)) return;
      want.push(notExpected);
      got.push(o);
    });
  }
  return { expected: want, actual: got, pairs };
}
