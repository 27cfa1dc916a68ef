// The nesting limit on tokens: a declaration whose brackets, `not` and `-` nest deeper than `maxNesting` is reported and left out before parsing.
import { tokenMatcher, type IToken, type TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { maxNesting } from "./limits.js";
import * as t from "./tokens.js";

const openers: ReadonlySet<TokenType> = new Set([t.LParen, t.LBracket, t.LBrace]);
const closers: ReadonlySet<TokenType> = new Set([t.RParen, t.RBracket, t.RBrace]);
/** Keywords that start a declaration when a name follows (a shape keyword does at the top level when `{` follows). */
const declarationKeywords: ReadonlySet<TokenType> = new Set([t.Policy, t.Enum, t.Const, t.Def, t.Rule, t.Test]);
const shapeKeywords: ReadonlySet<TokenType> = new Set([t.Agent, t.User, t.Context, t.Resource]);
/** After these a `-` is a prefix minus, which the parser nests; elsewhere it is a binary minus, which it does not. */
const beforeOperand: ReadonlySet<TokenType> = new Set([
  t.Not,
  t.Minus,
  t.Plus,
  t.Star,
  t.Slash,
  t.LParen,
  t.LBracket,
  t.LBrace,
  t.Comma,
  t.Colon,
  t.Equals,
  t.And,
  t.Or,
  t.In,
  t.Like,
  t.Matches,
  t.StartsWith,
  t.EndsWith,
  t.Contains,
  t.When,
  t.Unless,
  t.Returns,
  t.Where,
  t.Observe,
]);

/** The tokens left to parse (too-deep declarations removed) and one `apol/too-deep` per removed declaration. */
export interface NestingResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Measures each declaration's nesting on its tokens alone, in one pass and without recursion:
 * a stack holds the open brackets and the prefix operators still waiting for their operand.
 * A declaration is cut where the next one starts, as the parser's recovery cuts it, so one
 * unclosed `(` does not take the rest of the file with it. Given `when ((((…` 100 deep, the
 * 65th `(` is reported and the rule is not parsed; every other declaration is.
 */
export function limitNesting(tokens: readonly IToken[]): NestingResult {
  const kept: IToken[] = [];
  const diagnostics: Diagnostic[] = [];
  let start = 0;
  let overflow: IToken | undefined;
  // `true` for a bracket, `false` for a prefix operator.
  let stack: boolean[] = [];
  const endDeclaration = (end: number): void => {
    if (overflow) diagnostics.push(tooDeep(overflow));
    else for (let i = start; i < end; i++) kept.push(tokens[i] as IToken);
  };
  const popPrefixes = (): void => {
    while (stack.length > 0 && stack[stack.length - 1] === false) stack.pop();
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as IToken;
    const type = token.tokenType;
    if (i > start && startsDeclaration(tokens, i, stack.length)) {
      endDeclaration(i);
      start = i;
      overflow = undefined;
      stack = [];
    }
    const prefix = type === t.Not || (type === t.Minus && (i === start || beforeOperand.has((tokens[i - 1] as IToken).tokenType)));
    if (prefix || openers.has(type)) {
      stack.push(!prefix);
      if (stack.length > maxNesting && !overflow) overflow = token;
      continue;
    }
    // An operand, an operator or a closer: the prefix operators before it have their operand.
    popPrefixes();
    if (closers.has(type)) {
      stack.pop();
      popPrefixes();
    }
  }
  endDeclaration(tokens.length);
  return { tokens: kept, diagnostics };
}

/**
 * Whether a declaration starts at token `i`, as the parser's recovery sees one: a keyword
 * followed by the name it declares (`rule r`, `test "title"`). A keyword used as a name
 * (`args.rule`, `{ test: 1 }`) starts nothing; counting it would reset the measure mid-rule,
 * and `((… args.rule ((…` could then nest without bound.
 */
function startsDeclaration(tokens: readonly IToken[], i: number, depth: number): boolean {
  const type = (tokens[i] as IToken).tokenType;
  const next = tokens[i + 1];
  if (tokens[i - 1]?.tokenType === t.Dot || next === undefined) return false;
  if (declarationKeywords.has(type) || type === t.Tool) return tokenMatcher(next, t.AnyName) || (type === t.Test && next.tokenType === t.StringLiteral);
  return depth === 0 && shapeKeywords.has(type) && next.tokenType === t.LBrace;
}

function tooDeep(token: IToken): Diagnostic {
  return diagnostic(
    "apol/too-deep",
    { start: token.startOffset, end: token.startOffset + token.image.length },
    `\`${token.image}\` nests more than ${maxNesting} deep`,
    { help: `brackets, \`not\` and \`-\` nest at most ${maxNesting} deep: flatten the expression, or split it across rules` },
  );
}
