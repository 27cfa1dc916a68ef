// Provenance: `from(E, L)` (and `tainted(E)`, emitted as `from(E, untrusted)`) and `exposed(L)`.
import type { ContentIndex, SessionView } from "./contract.js";
import { isRecord } from "./values.js";

/** Whether some string inside `value` (itself, or nested in lists and objects) carries content labelled `label`. */
function carried(contents: ContentIndex, value: unknown, label: string): boolean {
  if (typeof value === "string") return contents.carries(value, label);
  if (Array.isArray(value)) return value.some((v) => carried(contents, v, label));
  return isRecord(value) && Object.values(value).some((v) => carried(contents, v, label));
}

/**
 * `from(E, L)`: whether the caller marked the argument with `label` in
 * `request.taint` (`arg` is the top-level argument of an `args.p...` path, `"*"`
 * for bare `args`, `null` for anything else), or some string inside `value`
 * carries content of the session labelled `label` (docs/session-state.md).
 */
export function from(request: unknown, state: SessionView | undefined, arg: string | null, value: unknown, label: string): boolean {
  const taint = isRecord(request) && Object.hasOwn(request, "taint") ? request.taint : undefined;
  if (arg !== null && isRecord(taint)) {
    const marks = arg === "*" ? Object.values(taint) : Object.hasOwn(taint, arg) ? [taint[arg]] : [];
    if (marks.some((m) => Array.isArray(m) && m.includes(label))) return true;
  }
  const contents = state?.contents;
  return contents !== undefined && contents.exposed(label) && carried(contents, value, label);
}

/** `exposed(L)`: whether the session has seen any content labelled `label`. */
export function exposed(state: SessionView | undefined, label: string): boolean {
  return state?.contents?.exposed(label) ?? false;
}
