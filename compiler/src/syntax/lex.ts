// Lexing: source text to tokens and comments, with lexer errors turned into diagnostics.
import { Lexer, type IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { TokenType } from "chevrotain";
import { decodeString, encodeString, isClosedString } from "./literals.js";
import { allTokens, BlockComment, recoveryTokens, StringLiteral } from "./tokens.js";

/**
 * chevrotain's lexer tracking offsets only: nothing reads a token's line or column (spans are offsets, an editor
 * has its own line index), and counting them was a quarter of lexing. Its `onlyOffset` tokens lack the end offset
 * the parser's node locations are built from (`nodeLocationTracking`), so this lexer's tokens carry it, set where
 * the token is made (added afterwards, it would give every token a second, out-of-object property store).
 */
class OffsetLexer extends Lexer {
  protected createOffsetOnlyToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken {
    return { image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx, tokenType };
  }
}

const lexer = new OffsetLexer([...allTokens], { ensureOptimizations: false, positionTracking: "onlyOffset" });

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
    const recovery = recoveryMeaning.get(token.tokenType);
    if (recovery !== undefined) {
      diagnostics.push(recoveryDiagnostic(token, recovery));
      continue;
    }
    if (isUnterminatedString(token)) {
      diagnostics.push(
        diagnostic("apol/unterminated-string", span(token), "unterminated string", {
          help: 'add a closing `"` before the end of the line',
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

/** A double-quoted string without its closing quote: it runs to the end of its line. */
export function isUnterminatedString(token: IToken): boolean {
  return token.tokenType === StringLiteral && !isClosedString(token.image);
}

/** The span of a token. */
function span(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

const recoveryMeaning: ReadonlyMap<TokenType, string> = new Map(recoveryTokens.map((r) => [r.token, r.means]));

const recoveryHelp: Readonly<Record<string, string>> = {
  and: "write `and` for a conjunction",
  or: "write `or` for a disjunction",
  ">=": "write `>=`",
  "<=": "write `<=`",
  "!=": "write `!=`",
};

/** The report for a recovery token: what was written, and the apol spelling as help and fix. */
function recoveryDiagnostic(token: IToken, means: string): Diagnostic {
  const at = span(token);
  if (means === "string") {
    const value = decodeString(token.image, token.startOffset, []);
    const replacement = encodeString(value);
    return diagnostic("apol/unexpected-character", at, `single-quoted string \`${token.image}\``, {
      help: `strings use double quotes: \`${replacement}\``,
      ...(isClosedString(token.image) ? { fix: { title: `use \`${replacement}\``, edits: [{ span: at, newText: replacement }] } } : {}),
    });
  }
  const message = token.image.length === 1 ? `unexpected character \`${token.image}\`` : `unexpected \`${token.image}\``;
  return diagnostic("apol/unexpected-character", at, message, {
    help: recoveryHelp[means] ?? `write \`${means}\``,
    fix: { title: `replace with \`${means}\``, edits: [{ span: at, newText: means }] },
  });
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
