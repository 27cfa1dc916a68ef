// Lexing: source text to tokens and comments, with lexer errors turned into diagnostics.
import { Lexer, type IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { isClosedString } from "./literals.js";
import { allTokens, BlockComment, StringLiteral } from "./tokens.js";

const lexer = new Lexer([...allTokens], { ensureOptimizations: false, positionTracking: "full" });

export interface LexResult {
  readonly tokens: IToken[];
  /** Comments in source order (line, block and doc comments). */
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Splits source text into tokens; never throws, reports every unexpected character. */
export function lex(text: string): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const start = error.offset;
    // Report one code point at a time: the user sees exactly which character is wrong.
    const codePoint = text.codePointAt(start) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    const shown = text.slice(start, start + width);
    const printable = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(shown) ? shown : `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
    diagnostics.push(
      diagnostic("apol/unexpected-character", { start, end: start + width }, `unexpected character \`${printable}\``, {
        help: helpFor(shown),
      }),
    );
  }
  for (const token of result.tokens) {
    if (token.tokenType === StringLiteral && !isClosedString(token.image)) {
      diagnostics.push(
        diagnostic("apol/unterminated-string", span(token), "unterminated string", {
          help: "add a closing `\"` before the end of the line",
        }),
      );
    }
  }
  const comments = result.groups["comments"] ?? [];
  for (const comment of comments) {
    if (comment.tokenType === BlockComment && (comment.image.length < 4 || !comment.image.endsWith("*/"))) {
      diagnostics.push(
        diagnostic("apol/unterminated-comment", { start: comment.startOffset, end: comment.startOffset + 2 }, "unterminated comment", {
          help: "close the comment with `*/`",
        }),
      );
    }
  }
  return { tokens: result.tokens, comments, diagnostics };
}

/** The span of a token. */
export function span(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function helpFor(ch: string): string {
  switch (ch) {
    case "'":
      return 'strings use double quotes: `"text"`';
    case "&":
      return "write `and` for a conjunction";
    case "|":
      return "write `or` for a disjunction";
    case "!":
      return "write `not` for negation, or `!=` for inequality";
    case "#":
      return "comments start with `//`";
    case ";":
      return "apol needs no `;`: remove it";
    default:
      return "remove it, or put it inside a string";
  }
}
