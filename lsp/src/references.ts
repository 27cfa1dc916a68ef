// Find references: every declaration and use of the symbols under the cursor, across the related documents.
import type { Location, Position } from "vscode-languageserver";
import { referencesTo, type Analysis } from "./analysis.js";
import { keysAt } from "./definition.js";
import { locationKey, toLocation } from "./positions.js";

/** Every occurrence of the symbols under the cursor in `scope`, declarations included on request, each location once. */
export function references(analysis: Analysis, position: Position, includeDeclaration: boolean, scope: readonly Analysis[]): Location[] {
  const keys = keysAt(analysis, position);
  const out = new Map<string, Location>();
  for (const doc of scope) {
    const spans = keys
      .flatMap((key) => referencesTo(doc, key))
      .filter((r) => includeDeclaration || !r.declaration)
      .map((r) => r.span)
      .sort((a, b) => a.start - b.start);
    for (const span of spans) {
      const location = toLocation(doc, span);
      const key = locationKey(location);
      if (!out.has(key)) out.set(key, location);
    }
  }
  return [...out.values()];
}
