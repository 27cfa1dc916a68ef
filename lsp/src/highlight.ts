// Document highlight: the occurrences of the symbol under the cursor in this document, declarations marked as writes.
import { DocumentHighlightKind, type DocumentHighlight, type Position } from "vscode-languageserver";
import { inDocument, referencesTo, type Analysis } from "./analysis.js";
import { keysAt } from "./definition.js";
import { toRange } from "./positions.js";

/** The highlights of the symbols under the cursor in the document's own text; a span both declared and used counts as a declaration. */
export function highlights(analysis: Analysis, position: Position): DocumentHighlight[] {
  const bySpan = new Map<string, { start: number; end: number; declaration: boolean }>();
  for (const key of keysAt(analysis, position)) {
    for (const reference of referencesTo(analysis, key)) {
      if (!inDocument(analysis, reference.span)) continue;
      const id = `${reference.span.start}:${reference.span.end}`;
      const seen = bySpan.get(id);
      bySpan.set(id, { start: reference.span.start, end: reference.span.end, declaration: (seen?.declaration ?? false) || reference.declaration });
    }
  }
  return [...bySpan.values()]
    .sort((a, b) => a.start - b.start)
    .map((s) => ({ range: toRange(analysis.index, s), kind: s.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}
