// Provenance: `from(E, L)` (and `tainted(E)`, emitted as `from(E, untrusted)`) and `exposed(L)`.
import type { EvaluationState } from "./contract.js";
import { isRecord } from "./values.js";

/** Below this length a string is too common to prove where it came from (`"yes"` is in every page). */
const MIN_CARRY = 8;

/**
 * `from(E, L)`: whether the caller marked the argument with `label` in
 * `request.taint` (`arg` is the top-level argument of an `args.p...` path, `"*"`
 * for bare `args`, `null` for anything else), or some string inside `value`
 * carries content of `state.contents` labelled `label`: the string (8 code units
 * or more) occurs in the content, or the content (8 or more) occurs in the string.
 */
export function from(request: unknown, state: EvaluationState | undefined, arg: string | null, value: unknown, label: string): boolean {
  const taint = isRecord(request) && Object.hasOwn(request, "taint") ? request.taint : undefined;
  if (arg !== null && isRecord(taint)) {
    const marks = arg === "*" ? Object.values(taint) : Object.hasOwn(taint, arg) ? [taint[arg]] : [];
    if (marks.some((m) => Array.isArray(m) && m.includes(label))) return true;
  }
  const texts = (state?.contents ?? []).filter((c) => c.labels.includes(label)).map((c) => c.text);
  const carries = (v: unknown): boolean => {
    if (typeof v === "string") return texts.some((t) => (v.length >= MIN_CARRY && t.includes(v)) || (t.length >= MIN_CARRY && v.includes(t)));
    if (Array.isArray(v)) return v.some(carries);
    return isRecord(v) && Object.values(v).some(carries);
  };
  return texts.length > 0 && carries(value);
}

/** `exposed(L)`: whether the session has seen any content labelled `label`. */
export function exposed(state: EvaluationState | undefined, label: string): boolean {
  return (state?.contents ?? []).some((c) => c.labels.includes(label));
}
