// Find references: every declaration and use of the symbols under the cursor, across the related documents.
import type { Location, Position } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { keysAt } from "./definition.js";
import { toRange } from "./positions.js";

/** Every occurrence of the symbols under the cursor in `scope`, declarations included on request, each span once. */
export function references(analysis: Analysis, position: Position, includeDeclaration: boolean, scope: readonly Analysis[]): Location[] {
  const keys = keysAt(analysis, position);
  const out: Location[] = [];
  for (const doc of scope) {
    const seen = new Set<string>();
    const spans = keys
      .flatMap((key) => doc.referencesByKey.get(key) ?? [])
      .filter((r) => includeDeclaration || !r.declaration)
      .map((r) => r.span)
      .sort((a, b) => a.start - b.start);
    for (const span of spans) {
      const id = `${span.start}:${span.end}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ uri: doc.uri, range: toRange(doc.index, span) });
    }
  }
  return out;
}
