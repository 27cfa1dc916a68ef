// The `parse` stage: source text to an AST and every lexical and syntax diagnostic, never throwing.
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import type { Policy } from "../ast/ast.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { point, type Span } from "../source/span.js";
import { cstToAst } from "./cst-to-ast.js";
import { lex } from "./lex.js";
import { parseTokens } from "./parser.js";

export interface ParseResult {
  readonly ast: Policy;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses one policy file. Several syntax errors are all reported; the AST covers everything that parsed. */
export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const { cst, errors } = parseTokens(lexed.tokens);
  const built = cstToAst(cst, text, lexed.comments);
  const syntax = syntaxDiagnostics(errors, text);
  return { ast: built.ast, diagnostics: [...lexed.diagnostics, ...syntax, ...built.diagnostics] };
}

/**
 * Where to underline a syntax error: the unexpected token, unless it sits on a later
 * line than the last good token; then the gap right after that token, where the
 * missing `)` or `}` belongs (a caret on the next declaration would mislead).
 */
function errorSpan(error: IRecognitionException, text: string): Span {
  const token = error.token;
  const previous = (error as { previousToken?: IToken }).previousToken;
  const previousEnd = previous && !Number.isNaN(previous.startOffset) ? previous.startOffset + previous.image.length : undefined;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  const start = atEnd ? text.length : token.startOffset;
  if (previousEnd !== undefined && previousEnd <= start && /[\r\n]/.test(text.slice(previousEnd, start))) return point(previousEnd);
  return atEnd ? point(start) : { start, end: start + token.image.length };
}

function syntaxDiagnostics(errors: readonly IRecognitionException[], text: string): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const span = errorSpan(error, text);
    // Recovery can report the same token twice (once per enclosing rule); the first is the precise one.
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    out.push(diagnostic("apol/syntax-error", span, error.message, helpFor(error.message)));
  }
  return out;
}

function helpFor(message: string): { help?: string } {
  // What was found explains more than what was expected, so those hints come first.
  if (message.includes("but found `=`")) return { help: "compare with `==`; `=` only names a `const`" };
  if (message.includes("but found `&`") || message.includes("but found `|`")) return { help: "write `and` or `or`" };
  if (message.startsWith("expected `}`")) return { help: "close the block with `}`" };
  if (message.startsWith("expected `)`")) return { help: "close the parenthesis with `)`" };
  if (message.startsWith("expected `]`")) return { help: "close the list with `]`" };
  return {};
}
