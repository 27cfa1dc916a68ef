// Output redaction: replaces the fields that `redact` rules name by a marker, copying only what changes.

/** What a redacted field holds instead of its value. */
export const REDACTED = "[redacted]";

/** One step of an output path: a field name, or `[*]` for every element of a list. */
export type RedactStep = string;

/** The step that means every element of a list. */
export const EACH: RedactStep = "[*]";

/** An output with fields replaced, and the concrete paths replaced (`output.accounts[0].iban`), each once, in the order replaced. */
export interface Redacted {
  readonly output: unknown;
  readonly redacted: readonly string[];
}

/**
 * Replaces, in order, every field each path names by `REDACTED`. A field is
 * named when every step finds an own, non-undefined property of a plain object
 * (or, for `[*]`, an array); a path that finds nothing is skipped, never an error.
 * `output` is not modified: objects and arrays on a changed path are copied.
 * Reported paths begin with `root`.
 */
export function redactPaths(output: unknown, paths: readonly (readonly RedactStep[])[], root = "output"): Redacted {
  const redacted: string[] = [];
  const seen = new Set<string>();
  const report = (shown: string): void => {
    if (seen.has(shown)) return;
    seen.add(shown);
    redacted.push(shown);
  };
  let result = output;
  for (const path of paths) result = redactAt(result, path, 0, root, report);
  return { output: result, redacted };
}

function redactAt(value: unknown, path: readonly RedactStep[], depth: number, shown: string, report: (shown: string) => void): unknown {
  if (depth === path.length) {
    report(shown);
    return REDACTED;
  }
  const step = path[depth]!;
  if (step === EACH) {
    if (!Array.isArray(value)) return value;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = redactAt(item, path, depth + 1, `${shown}[${i}]`, report);
      if (next !== item) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, step)) return value;
  const item: unknown = (value as Record<string, unknown>)[step];
  if (item === undefined) return value;
  const next = redactAt(item, path, depth + 1, `${shown}.${step}`, report);
  if (next === item) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  Object.defineProperty(copy, step, { value: next, writable: true, enumerable: true, configurable: true });
  return copy;
}
