// The `parse` stage: source text to an AST and every lexical and syntax diagnostic, never throwing.
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import type { Policy } from "../ast/ast.js";
import { diagnostic, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import { point, type Span } from "../source/span.js";
import { astBuilder } from "./cst-to-ast.js";
import { limitDepth } from "./depth.js";
import { maxSourceLength } from "./limits.js";
import { limitNesting } from "./nesting.js";
import { isUnterminatedString, lex } from "./lex.js";
import { keywordSpecs } from "./tokens.js";
import { parseTokens } from "./parser.js";
import { historyError } from "./window-help.js";

export interface ParseResult {
  readonly ast: Policy;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses one policy file. Several syntax errors are all reported; the AST covers everything that parsed.
 * `limit` is the longest text read (default `maxSourceLength`, what an editor can check per keystroke).
 */
export function parse(text: string, limit = maxSourceLength): ParseResult {
  if (text.length > limit) return tooLarge(text, limit);
  const lexed = lex(text);
  // ORDERING: the nesting limit runs before the parser, which recurses per bracket; the depth limit after the AST is built, which builds chains in a loop.
  const nesting = limitNesting(lexed.tokens);
  // Each declaration becomes AST as soon as it is parsed, so the whole file's CST is never held at once.
  const builder = astBuilder(text, lexed.comments);
  const { errors } = parseTokens(nesting.tokens, (node) => builder.addDeclaration(node));
  const built = builder.finish();
  const deep = limitDepth(built.ast, text);
  const syntax = syntaxDiagnostics(errors, text, nesting.tokens);
  return { ast: deep.ast, diagnostics: [...lexed.diagnostics, ...nesting.diagnostics, ...syntax, ...built.diagnostics, ...deep.diagnostics] };
}

/** A file past `limit`: not read at all, one diagnostic at the first character past the limit. */
function tooLarge(text: string, limit: number): ParseResult {
  const ast: Policy = { kind: "Policy", span: { start: 0, end: text.length }, headers: [], declarations: [], comments: [], tooLarge: true };
  const at = { start: limit, end: limit + 1 };
  const size = (n: number): string => n.toLocaleString("en-US");
  return {
    ast,
    diagnostics: [
      diagnostic("apol/too-large", at, `the file is too large: ${size(text.length)} characters, more than ${size(limit)}`, {
        help: "split the policy into smaller files, or move long lists of values out of it",
      }),
    ],
  };
}

/**
 * Where to underline a syntax error: the unexpected token, unless it sits on a later
 * line than the last good token; then the gap right after that token, where the
 * missing `)` or `}` belongs (a caret on the next declaration would mislead).
 * Not after an unterminated string, which already has its error: it ran to the end
 * of its line, most often over the very `]` or `)` the parser wants, so a caret at
 * its end would point at nothing; the caret goes on the token found instead.
 */
function errorSpan(error: IRecognitionException, text: string): Span {
  const token = error.token;
  const previous = (error as { previousToken?: IToken }).previousToken;
  const previousEnd = previous && !Number.isNaN(previous.startOffset) ? previous.startOffset + previous.image.length : undefined;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  const start = atEnd ? text.length : token.startOffset;
  const afterGoodToken = previous !== undefined && !isUnterminatedString(previous);
  if (afterGoodToken && previousEnd !== undefined && previousEnd <= start && /[\r\n]/.test(text.slice(previousEnd, start))) return point(previousEnd);
  return atEnd ? point(start) : { start, end: start + token.image.length };
}

function syntaxDiagnostics(errors: readonly IRecognitionException[], text: string, tokens: readonly IToken[]): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  if (errors.length === 0) return out;
  const after = new Map<number, IToken>();
  for (let i = 0; i + 1 < tokens.length; i++) after.set((tokens[i] as IToken).startOffset, tokens[i + 1] as IToken);
  for (const error of errors) {
    const span = errorSpan(error, text);
    // Recovery can report the same token twice (once per enclosing rule); the first is the precise one.
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    const history = historyError(error, after.get(error.token.startOffset));
    const keyword = history ? undefined : misspeltKeyword(error.token);
    const previous = (error as { previousToken?: IToken }).previousToken;
    // A string left open swallowed the bracket the parser expects (`["a", "b]`): closing the string is the fix, not adding another bracket.
    const closer = /^expected `([)\]}])`/.exec(error.message)?.[1];
    const swallowed = closer !== undefined && previous !== undefined && isUnterminatedString(previous) && previous.image.includes(closer);
    const openString = swallowed ? { help: `the string before this holds the \`${closer}\`: close the string with \`"\`` } : undefined;
    if (keyword) out.push(diagnostic("apol/syntax-error", span, `\`${error.token.image}\` is not a keyword`, keyword));
    else out.push(diagnostic("apol/syntax-error", span, history?.message ?? error.message, history?.extras ?? openString ?? helpFor(error.message)));
  }
  return out;
}

/** Keywords that start a declaration, a rule's line or a test's: a word found where the parser wanted something else is most often one of them misspelt. */
const lineKeywords = keywordSpecs.filter((k) => k.role === "declaration" || k.role === "effect" || k.role === "clause").map((k) => k.word);

/** "did you mean `when`?" and the fix, for a word the parser did not expect that is a typo of a keyword (`whem`, `alow`). */
function misspeltKeyword(token: IToken): DiagnosticExtras | undefined {
  if (token.tokenType.name !== "Identifier") return undefined;
  const keyword = suggest(token.image, lineKeywords);
  if (keyword === undefined) return undefined;
  const span = { start: token.startOffset, end: token.startOffset + token.image.length };
  return { help: `did you mean \`${keyword}\`?`, fix: { title: `replace with \`${keyword}\``, edits: [{ span, newText: keyword }] } };
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
