// Remembers a feature's last answer for each document with the text it was made from, so asking again about the same text costs nothing.
import type { Analysis } from "./analysis.js";

/**
 * An editor asks for the outline and the folding of each version of a document, and again when
 * it only regains focus; the answer depends only on the text (of the document and, for a test
 * file, of its policy), which the declarations-only analysis and the full one of a version share.
 * So the last answer per document is kept with the analysis's text and reused while it is the same.
 */
export class PerText<T> {
  private readonly last = new Map<string, { readonly text: string; readonly value: T }>();

  constructor(private readonly compute: (analysis: Analysis) => T) {}

  /** The answer for `analysis`, computed only when its document's text changed since the last. */
  get(analysis: Analysis): T {
    const last = this.last.get(analysis.uri);
    if (last !== undefined && last.text === analysis.text) return last.value;
    const value = this.compute(analysis);
    this.last.set(analysis.uri, { text: analysis.text, value });
    return value;
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}
