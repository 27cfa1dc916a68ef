// What the cursor is in, for completion: the tokens before it, the parser's expected tokens, and the enclosing declaration checked against the document's symbols.
import { check, lex, limitNesting, parse, parser, ReadThroughMap, type Checked, type LexResult, type Symbols } from "@apol/compiler";
import { declarationAround } from "../declaration-chunk.js";

/**
 * Stands in for the word being typed, so the enclosing declaration parses and checks: its
 * position in the checked AST tells what is expected there (`user.role == <|>` → a `Role`).
 */
export const placeholder = "__apol_completion__";

type Token = LexResult["tokens"][number];

/** One token the grammar allows next, and the grammar rules that lead to it (outermost first). */
interface Expected {
  readonly token: string;
  readonly ruleStack: readonly string[];
}

export interface CompletionContext {
  /** Absolute offsets of the word being typed (empty at the cursor when there is none). */
  readonly replace: { readonly start: number; readonly end: number };
  /** The tokens of the enclosing declaration before the word being typed (offsets from the declaration's start). */
  readonly preceding: readonly Token[];
  readonly expected: readonly Expected[];
  /** The enclosing declaration, with the placeholder where the word being typed is, checked against `symbols`. */
  readonly checked: Checked | undefined;
  /** An offset inside the placeholder in `checked`'s text: where to ask the compiler's editor queries. */
  readonly at: number;
}

/**
 * The context at `offset` of `text`, or undefined inside a comment or a string. Only the
 * enclosing declaration is lexed, parsed and checked, so this stays fast on large files.
 */
export function completionContext(text: string, offset: number, symbols: Symbols | undefined): CompletionContext | undefined {
  const chunk = declarationAround(text, offset);
  const source = text.slice(chunk.start, chunk.end);
  const cursor = offset - chunk.start;
  const lexed = lex(source);
  // Content assist walks the grammar along every token before the cursor: past the nesting limit it would take minutes, or overflow the stack.
  if (limitNesting(lexed.tokens).diagnostics.length > 0) return undefined;
  const inComment = (c: Token): boolean =>
    c.startOffset < cursor &&
    (cursor < end(c) || (cursor === end(c) && !(c.tokenType.name === "BlockComment" && c.image.length >= 4 && c.image.endsWith("*/"))));
  if (lexed.comments.some(inComment)) return undefined;
  if (
    lexed.tokens.some(
      (t) => t.tokenType.name === "StringLiteral" && t.startOffset < cursor && (cursor < end(t) || (cursor === end(t) && !closedString.test(t.image))),
    )
  )
    return undefined;
  const word = lexed.tokens.find((t) => t.startOffset < cursor && end(t) === cursor && /^[A-Za-z_]/.test(t.image));
  const wordStart = word ? word.startOffset : cursor;
  const preceding = lexed.tokens.filter((t) => end(t) <= wordStart);
  const expected = parser.computeContentAssist("policyFile", preceding).map((p) => ({ token: p.nextTokenType.name, ruleStack: p.ruleStack }));
  const withPlaceholder = source.slice(0, wordStart) + placeholder + source.slice(cursor);
  const checked = symbols ? checkAlone(withPlaceholder, symbols) : undefined;
  return { replace: { start: chunk.start + wordStart, end: offset }, preceding, expected, checked, at: wordStart + 1 };
}

const closedString = /^"(?:[^"\\\n\r]|\\.)*"$/;

function end(token: Token): number {
  return token.startOffset + token.image.length;
}

/**
 * Checks one declaration against a whole document's symbols; its rule or predicate joins them so the checker treats it
 * as the one of that name (a predicate keeps the document's parameter types, which lag an edit by a keystroke at most).
 * It is checked as a fragment: the rest of the document is not, so no other predicate is checked and nothing reported unused.
 */
function checkAlone(source: string, symbols: Symbols): Checked {
  const ast = parse(source).ast;
  const rules = new Overlay(symbols.rules);
  const predicates = new Overlay(symbols.predicates);
  for (const decl of ast.declarations) {
    if (decl.kind === "RuleDecl" && decl.name.text !== "") rules.override(decl.name.text, decl);
    const known = decl.kind === "PredicateDecl" ? symbols.predicates.get(decl.name.text) : undefined;
    if (decl.kind === "PredicateDecl" && known) predicates.override(decl.name.text, { ...known, decl });
  }
  return check({ ast, symbols: { ...symbols, rules, predicates }, references: [] }, undefined, { fragment: true }).output;
}

/** A map read through to `base` except for a few entries set over it: copying a large policy's 800 rules on every keystroke costs more than the check. */
class Overlay<K, V> extends ReadThroughMap<K, V> {
  private readonly over = new Map<K, V>();

  constructor(private readonly base: ReadonlyMap<K, V>) {
    super();
  }

  override(key: K, value: V): void {
    this.over.set(key, value);
  }

  get size(): number {
    let added = 0;
    for (const key of this.over.keys()) if (!this.base.has(key)) added++;
    return this.base.size + added;
  }

  get(key: K): V | undefined {
    return this.over.has(key) ? this.over.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.over.has(key) || this.base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.over.has(key) ? (this.over.get(key) as V) : value];
    for (const [key, value] of this.over) if (!this.base.has(key)) yield [key, value];
  }
}
