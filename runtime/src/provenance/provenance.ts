// Provenance: `from(E, L)` (came from), `tainted(E)` (carries untrusted content no other source holds) and `exposed(L)`.
import type { ContentIndex, SessionView } from "../contract.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** Whether some string inside `value` (itself, or nested in lists and objects) passes `test`. */
function anyString(value: unknown, test: (s: string) => boolean): boolean {
  if (typeof value === "string") return test(value);
  if (Array.isArray(value)) return value.some((v) => anyString(v, test));
  return isRecord(value) && Object.values(value).some((v) => anyString(v, test));
}

/** Whether the caller marked the argument (`arg`: its top-level name, `"*"` for bare `args`, `null` for no argument) with `label`. */
function marked(request: unknown, arg: string | null, label: string): boolean {
  const taint = isRecord(request) && Object.hasOwn(request, "taint") ? request.taint : undefined;
  if (arg === null || !isRecord(taint)) return false;
  const marks = arg === "*" ? Object.values(taint) : Object.hasOwn(taint, arg) ? [taint[arg]] : [];
  return marks.some((m) => Array.isArray(m) && m.includes(label));
}

/** The session's content, when it holds some labelled `label`. */
function contentsWith(state: SessionView | undefined, label: string): ContentIndex | undefined {
  const contents = state?.contents;
  return contents !== undefined && contents.exposed(label) ? contents : undefined;
}

/**
 * `from(E, L)`: whether the caller marked the argument with `label` in
 * `request.taint`, or some string inside `value` came from content of the session
 * labelled `label` (docs/session-state.md).
 */
export function from(request: unknown, state: SessionView | undefined, arg: string | null, value: unknown, label: string): boolean {
  if (marked(request, arg, label)) return true;
  const contents = contentsWith(state, label);
  return contents !== undefined && anyString(value, (s) => contents.cameFrom(s, label));
}

/** `tainted(E)`: the caller's `untrusted` mark, or some string inside `value` carries untrusted content no other source holds. */
export function tainted(request: unknown, state: SessionView | undefined, arg: string | null, value: unknown): boolean {
  if (marked(request, arg, "untrusted")) return true;
  const contents = contentsWith(state, "untrusted");
  return contents !== undefined && anyString(value, (s) => contents.tainted(s));
}

/** `exposed(L)`: whether the session has seen any content labelled `label`. */
export function exposed(state: SessionView | undefined, label: string): boolean {
  return state?.contents?.exposed(label) ?? false;
}
