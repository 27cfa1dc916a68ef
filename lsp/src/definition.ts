// Go to definition: from any use of a name to its declarations (an argument used over several tools has one per tool).
import type { Location, Position } from "vscode-languageserver";
import { occurrenceAt, referencesTo, type Analysis } from "./analysis.js";
import { locationKey, toLocation, toOffset } from "./positions.js";
import { symbolKey } from "./symbol-keys.js";

/** The keys of the symbols under the cursor, or none. */
export function keysAt(analysis: Analysis, position: Position): string[] {
  const occurrence = occurrenceAt(analysis, toOffset(analysis.index, position));
  return occurrence ? [...new Set(occurrence.references.map((r) => symbolKey(r.target)))] : [];
}

/**
 * The declarations of the symbols under the cursor, looked up in `scope`: the document and the
 * documents related to it (a test file and its policy; more once the language has imports).
 * A test file's analysis holds its policy's declarations too, so each location is listed once.
 */
export function definition(analysis: Analysis, position: Position, scope: readonly Analysis[]): Location[] {
  const keys = keysAt(analysis, position);
  const out = new Map<string, Location>();
  for (const doc of scope) {
    for (const key of keys) {
      for (const reference of referencesTo(doc, key)) {
        if (!reference.declaration) continue;
        const location = toLocation(doc, reference.span);
        out.set(locationKey(location), location);
      }
    }
  }
  return [...out.values()];
}
