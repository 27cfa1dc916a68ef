// The formatter: source text to its canonical layout, refusing to touch text that does not parse.
import { print } from "./print.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";

export interface FormatResult {
  /** The formatted text, or the input itself when it has syntax errors. */
  readonly text: string;
  /** The parse diagnostics; any error among them means nothing was formatted. */
  readonly diagnostics: readonly Diagnostic[];
  /** Whether `text` differs from the input. */
  readonly changed: boolean;
}

/**
 * Formats one policy file. Broken code comes back untouched with its diagnostics: a
 * layout guessed around a syntax error could move code the user meant elsewhere.
 * Formatting is idempotent and keeps the AST (spans aside) and every comment.
 */
export function format(text: string): FormatResult {
  const parsed = parse(text);
  if (hasErrors(parsed.diagnostics)) return { text, diagnostics: parsed.diagnostics, changed: false };
  const formatted = print(parsed.ast, text);
  return { text: formatted, diagnostics: parsed.diagnostics, changed: formatted !== text };
}
