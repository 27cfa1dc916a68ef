// Random edits of a policy's text, for the properties that compare what the server keeps across edits with a fresh computation.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";

const examples = new URL("../../../examples/", import.meta.url);

/** The texts of the repository's example policies: what the properties edit. */
export const examplePolicies = (): string[] =>
  readdirSync(examples)
    .filter((f) => f.endsWith(".apol"))
    .map((f) => readFileSync(new URL(f, examples), "utf8"));

/** An edit of a text: `count` characters removed at a fraction `at` of its length, and `snippet` put there. */
export interface Edit {
  readonly at: number;
  readonly count: number;
  readonly snippet: string;
}

/** Edits removing up to `maxCount` characters and putting one of `snippets` in their place. */
export const editOf = (snippets: readonly string[], maxCount = 6): fc.Arbitrary<Edit> =>
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), count: fc.integer({ min: 0, max: maxCount }), snippet: fc.constantFrom(...snippets) });

/** `text` after edit `e`. */
export function applyEdit(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.snippet + text.slice(at + e.count);
}
