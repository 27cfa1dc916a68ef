// Applies diagnostics' fixes to the text they were reported on, for `apol check --fix` and the corpus's expected results.
import type { Span } from "../source/span.js";
import type { Fix, TextEdit } from "./diagnostic.js";

/** Whether two edits touch the same text; two insertions at one place count too, since their order would be a guess. */
function overlaps(a: Span, b: Span): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/**
 * The text with `fixes` applied. Every edit refers to the original text. A fix is taken whole or not at all, and not
 * when one of its edits overlaps an edit already taken (fixes earlier in the text win), so the result never mixes two
 * fixes of the same place; `applied` lists the fixes taken, the rest wait for the next check of the new text.
 */
export function applyFixes(source: string, fixes: readonly Fix[]): { readonly text: string; readonly applied: readonly Fix[] } {
  const taken: TextEdit[] = [];
  const applied: Fix[] = [];
  const first = (fix: Fix): number => Math.min(...fix.edits.map((e) => e.span.start));
  for (const fix of [...fixes].sort((a, b) => first(a) - first(b))) {
    if (fix.edits.some((edit) => taken.some((t) => overlaps(edit.span, t.span)))) continue;
    taken.push(...fix.edits);
    applied.push(fix);
  }
  let text = source;
  for (const edit of taken.sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end))
    text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  return { text, applied };
}
