// The apol TextMate grammar as data, built from the compiler's token table so the highlighter and the lexer cannot drift.
import type { TokenType } from "chevrotain";
import type { ShapeKind } from "../compiler/src/ast/ast.js";
import { builtinFunctions } from "../compiler/src/check/builtins.js";
import { builtinTypes } from "../compiler/src/check/resolve.js";
import { simpleEscapes } from "../compiler/src/syntax/literals.js";
import {
  approveWord,
  Colon,
  DocComment,
  Dot,
  Duration,
  Identifier,
  keywordSpecs,
  LBrace,
  LineComment,
  LParen,
  NumberLiteral,
  punctuation,
  Pipe,
  Question,
  RBrace,
  recoveryTokens,
  ReservedRuleName,
  RParen,
  uncheckedWord,
  type KeywordRole,
} from "../compiler/src/syntax/tokens.js";

/** One TextMate rule: a single-line `match`, a `begin`/`end` region, or an `include`. */
export interface TmRule {
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly captures?: TmCaptures;
  readonly beginCaptures?: TmCaptures;
  readonly endCaptures?: TmCaptures;
  readonly patterns?: readonly TmRule[];
  readonly include?: string;
}

type TmCaptures = Readonly<Record<string, { readonly name?: string; readonly patterns?: readonly TmRule[] }>>;

/** The grammar file's content; `_generated` tells readers not to edit it. */
export interface TmGrammar {
  readonly _generated: string;
  readonly name: string;
  readonly scopeName: string;
  readonly fileTypes: readonly string[];
  readonly patterns: readonly TmRule[];
  readonly repository: Readonly<Record<string, TmRule>>;
}

/** The scope each keyword role gets; a new role fails type-checking here until it has one. */
export const roleScopes: Readonly<Record<KeywordRole, string>> = {
  declaration: "storage.type.declaration.apol",
  effect: "keyword.control.effect.apol",
  clause: "keyword.other.clause.apol",
  operator: "keyword.operator.word.apol",
  constant: "constant.language.boolean.apol",
  variable: "variable.language.apol",
  history: "keyword.other.history.apol",
  test: "keyword.other.test.apol",
};

/** The scope of each punctuation and operator token, by token name. */
const punctuationScopes: Readonly<Record<string, string>> = {
  EqEq: "keyword.operator.comparison.apol",
  NotEq: "keyword.operator.comparison.apol",
  LessEq: "keyword.operator.comparison.apol",
  GreaterEq: "keyword.operator.comparison.apol",
  Less: "keyword.operator.comparison.apol",
  Greater: "keyword.operator.comparison.apol",
  Equals: "keyword.operator.assignment.apol",
  Plus: "keyword.operator.arithmetic.apol",
  Minus: "keyword.operator.arithmetic.apol",
  Star: "keyword.operator.arithmetic.apol",
  Slash: "keyword.operator.arithmetic.apol",
  LBrace: "punctuation.section.braces.begin.apol",
  RBrace: "punctuation.section.braces.end.apol",
  LParen: "punctuation.section.parens.begin.apol",
  RParen: "punctuation.section.parens.end.apol",
  LBracket: "punctuation.section.brackets.begin.apol",
  RBracket: "punctuation.section.brackets.end.apol",
  Comma: "punctuation.separator.comma.apol",
  Colon: "punctuation.separator.colon.apol",
  Dot: "punctuation.accessor.apol",
  Question: "punctuation.definition.optional.apol",
  Pipe: "keyword.operator.type.union.apol",
};

/** The request parts whose shapes a policy declares; `satisfies` keeps the list complete. */
const shapeKinds = Object.keys({ agent: true, user: true, context: true, resource: true } satisfies Record<ShapeKind, true>);

/** The scope of a punctuation token; a token the table gained without a scope here, or with one outside its role, throws. */
export function scopeOf(token: TokenType): string {
  const entry = punctuation.find((p) => p.token === token);
  const scope = punctuationScopes[token.name];
  if (!entry || scope === undefined) throw new Error(`grammar: no scope for the token \`${token.name}\``);
  const expected = entry.role === "operator" ? "keyword.operator." : "punctuation.";
  if (!scope.startsWith(expected)) throw new Error(`grammar: the ${entry.role} \`${token.name}\` has the scope \`${scope}\``);
  return scope;
}

function source(token: TokenType): string {
  const pattern = token.PATTERN;
  if (!(pattern instanceof RegExp)) throw new Error(`grammar: the token \`${token.name}\` has no regular expression`);
  return pattern.source;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * `\b(?:a|b)\b`, longest spelling first so no alternative shadows a longer one. Without the
 * leading `\b` a word may follow a number directly (`1x` is `1` and `x`), as in the lexer; a
 * name is matched from its first character, so such a pattern never starts inside one.
 */
function words(list: readonly string[], leadingBoundary = true): string {
  const sorted = [...list].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return `${leadingBoundary ? "\\b" : ""}(?:${sorted.map(escapeRegex).join("|")})\\b`;
}

function keywordsOf(role: KeywordRole): string[] {
  return keywordSpecs.filter((k) => k.role === role).map((k) => k.word);
}

function keywordScope(word: string): string {
  const spec = keywordSpecs.find((k) => k.word === word);
  if (!spec) throw new Error(`grammar: \`${word}\` is not a keyword`);
  return roleScopes[spec.role];
}

const name = source(Identifier);
/** A declaration keyword ahead: it ends a declaration left open by a missing `{`, `}` or `)`, as in the parser. */
const nextDeclaration = `(?=${words(keywordsOf("declaration"))})`;

function token(t: TokenType): { readonly name: string } {
  return { name: scopeOf(t) };
}

function keyword(word: string): { readonly name: string } {
  return { name: keywordScope(word) };
}

/** A `{ ... }`, `( ... )` or `[ ... ]` region whose delimiters get their punctuation scopes. */
function delimited(open: TokenType, close: TokenType, patterns: readonly TmRule[]): TmRule {
  return {
    begin: source(open),
    beginCaptures: { "0": token(open) },
    end: source(close),
    endCaptures: { "0": token(close) },
    patterns,
  };
}

/** A comma-separated list of names after a keyword (`tags a, b`, `labels user`), each name scoped `scope`. */
function nameList(word: string, scope: string): TmRule {
  return {
    match: `\\b(${escapeRegex(word)})\\s+(${name}(?:\\s*,\\s*${name})*)`,
    captures: {
      "1": keyword(word),
      "2": { patterns: [{ match: name, name: scope }, { include: "#punctuation" }] },
    },
  };
}

function operatorsAndPunctuation(): Record<string, TmRule> {
  const byScope = new Map<string, string[]>();
  for (const { token: t } of punctuation) {
    const scope = scopeOf(t);
    byScope.set(scope, [...(byScope.get(scope) ?? []), source(t)]);
  }
  const rules = [...byScope].map(
    ([scope, sources]): TmRule => ({
      // Longest first: `<=` before `<`.
      match: [...sources].sort((a, b) => b.length - a.length).join("|"),
      name: scope,
    }),
  );
  return {
    operators: { patterns: rules.filter((r) => r.name?.startsWith("keyword.")) },
    punctuation: { patterns: rules.filter((r) => r.name?.startsWith("punctuation.")) },
  };
}

const escapes = `\\\\(?:[${Object.keys(simpleEscapes).map(escapeRegex).join("")}]|u[0-9A-Fa-f]{4}|u\\{[0-9A-Fa-f]{1,6}\\})`;

/** Builds the grammar. Pure: the same token table always yields the same grammar. */
export function buildGrammar(): TmGrammar {
  const expression: TmRule[] = [
    { include: "#comments" },
    { include: "#strings" },
    { include: "#recovery" },
    { include: "#reserved-rule-name" },
    { include: "#numbers" },
    { include: "#property-access" },
    { include: "#tagged" },
    { include: "#type-test" },
    { include: "#keywords" },
    { include: "#function-call" },
    { include: "#operators" },
    { include: "#punctuation" },
    { include: "#identifiers" },
  ];
  const fields = (fieldScope: string): TmRule[] => [
    { include: "#comments" },
    {
      match: `(${name})\\s*(\\?)?\\s*(:)`,
      captures: { "1": { name: fieldScope }, "2": token(Question), "3": token(Colon) },
    },
    { include: "#type" },
  ];
  return {
    _generated: "Generated by grammar/generate.ts from the token table in compiler/src/syntax/tokens.ts: do not edit, run `npm run generate`.",
    name: "apol",
    scopeName: "source.apol",
    fileTypes: ["apol"],
    patterns: [
      { include: "#policy-header" },
      { include: "#enum-declaration" },
      { include: "#shape-declaration" },
      { include: "#tool-declaration" },
      { include: "#tool-clauses" },
      { include: "#const-declaration" },
      { include: "#predicate-declaration" },
      { include: "#rule-declaration" },
      { include: "#test-declaration" },
      ...expression,
    ],
    repository: {
      comments: {
        patterns: [
          { match: source(DocComment), name: "comment.line.documentation.apol" },
          { match: source(LineComment), name: "comment.line.double-slash.apol" },
          {
            // Block comments do not nest; an unterminated one runs to the end of the file, as in the lexer.
            begin: "/\\*",
            end: "\\*/",
            name: "comment.block.apol",
            beginCaptures: { "0": { name: "punctuation.definition.comment.begin.apol" } },
            endCaptures: { "0": { name: "punctuation.definition.comment.end.apol" } },
          },
        ],
      },
      strings: {
        // Strings stay on one line: an unterminated one ends at the line's end, as in the lexer.
        begin: '"',
        end: '"|$',
        name: "string.quoted.double.apol",
        beginCaptures: { "0": { name: "punctuation.definition.string.begin.apol" } },
        endCaptures: { "0": { name: "punctuation.definition.string.end.apol" } },
        patterns: [
          { match: escapes, name: "constant.character.escape.apol" },
          { match: "\\\\.?", name: "invalid.illegal.unknown-escape.apol" },
        ],
      },
      recovery: {
        // Spellings from other languages (`&&`, `≥`, 'single quotes'): the lexer takes them and reports each as an error.
        patterns: recoveryTokens.map(({ token: t }) => ({ match: source(t), name: "invalid.illegal.recovery.apol" })),
      },
      "reserved-rule-name": { match: source(ReservedRuleName), name: "support.constant.reserved-rule.apol" },
      numbers: {
        patterns: [
          // Durations before numbers, as in the lexer's token order: `1h` is one token.
          { match: `\\b${source(Duration)}`, name: "constant.numeric.duration.apol" },
          { match: `\\b${source(NumberLiteral)}`, name: "constant.numeric.decimal.apol" },
        ],
      },
      keywords: {
        patterns: (Object.keys(roleScopes) as KeywordRole[]).map((role) => ({ match: words(keywordsOf(role), false), name: roleScopes[role] })),
      },
      ...operatorsAndPunctuation(),
      "property-access": {
        // After a `.` every word is a name, keywords included: `it.tool.name`, `args.count`.
        match: `(\\.)\\s*(${name})`,
        captures: { "1": token(Dot), "2": { name: "variable.other.property.apol" } },
      },
      tagged: {
        match: `\\b(tagged)\\s+(${name})`,
        captures: { "1": keyword("tagged"), "2": { name: "entity.name.tag.apol" } },
      },
      "function-call": {
        patterns: [
          { match: `${words([...builtinFunctions.keys()])}(?=\\s*\\()`, name: "support.function.builtin.apol" },
          { match: `\\b${name}(?=\\s*\\()`, name: "entity.name.function.call.apol" },
        ],
      },
      identifiers: { match: name, name: "variable.other.apol" },
      "type-test": {
        // `x is string[] | int`: the words after `is` are types (a record or parentheses there read as an expression's).
        match: `\\b(is)\\b((?:\\s*(?:(?!${words(keywordSpecs.map((k) => k.word))})${name}|\\[\\s*\\]|\\|))*)`,
        captures: { "1": keyword("is"), "2": { patterns: [{ include: "#type" }] } },
      },
      type: {
        patterns: [
          { include: "#comments" },
          { match: words(Object.keys(builtinTypes)), name: "support.type.primitive.apol" },
          { match: `\\b${name}\\b`, name: "entity.name.type.apol" },
          delimited(LBrace, RBrace, fields("variable.other.property.apol")),
          { match: source(Pipe), ...token(Pipe) },
          delimited(LParen, RParen, [{ include: "#type" }]),
          { include: "#punctuation" },
        ],
      },
      "policy-header": {
        match: `\\b(policy)\\s+(${name})`,
        captures: { "1": keyword("policy"), "2": { name: "entity.name.namespace.apol" } },
      },
      "enum-declaration": {
        begin: `\\b(enum)\\b(?:\\s+(${name}))?`,
        beginCaptures: { "1": keyword("enum"), "2": { name: "entity.name.type.enum.apol" } },
        end: `(?<=\\})|${nextDeclaration}`,
        patterns: [
          { include: "#comments" },
          delimited(LBrace, RBrace, [
            { include: "#comments" },
            { match: `\\b${name}\\b`, name: "variable.other.enummember.apol" },
            { include: "#punctuation" },
          ]),
          { match: `\\b${name}\\b`, name: "entity.name.type.enum.apol" },
        ],
      },
      "shape-declaration": {
        begin: `(${words(shapeKinds)})\\s*(${source(LBrace)})`,
        beginCaptures: { "1": { patterns: [{ include: "#keywords" }] }, "2": token(LBrace) },
        end: source(RBrace),
        endCaptures: { "0": token(RBrace) },
        patterns: fields("variable.other.property.apol"),
      },
      "tool-declaration": {
        begin: `\\b(tool)\\b(?:\\s+(${name}))?`,
        beginCaptures: { "1": keyword("tool"), "2": { name: "entity.name.function.tool.apol" } },
        end: `(?<=\\))|${nextDeclaration}`,
        patterns: [
          { include: "#comments" },
          // A tool named as MCP spells it (`tool "create-issue"(...)`) is a string; the language server colours it as a tool.
          { include: "#strings" },
          delimited(LParen, RParen, fields("variable.parameter.apol")),
          { match: `\\b${name}\\b`, name: "entity.name.function.tool.apol" },
        ],
      },
      "tool-clauses": {
        // After a tool's `)`, at the top level: nothing else there takes these forms.
        patterns: [
          nameList("tags", "entity.name.tag.apol"),
          {
            match: `\\b(returns)\\s+(${name})`,
            captures: { "1": keyword("returns"), "2": { name: "entity.name.label.apol" } },
          },
          {
            begin: `\\b(output)\\s*(${source(LBrace)})`,
            beginCaptures: { "1": keyword("output"), "2": token(LBrace) },
            end: source(RBrace),
            endCaptures: { "0": token(RBrace) },
            patterns: fields("variable.other.property.apol"),
          },
          {
            match: `\\b(output)\\s+(${name})`,
            captures: { "1": keyword("output"), "2": { patterns: [{ include: "#type" }] } },
          },
        ],
      },
      "const-declaration": {
        match: `\\b(const)\\s+(${name})`,
        captures: { "1": keyword("const"), "2": { name: "variable.other.constant.apol" } },
      },
      "predicate-declaration": {
        // `def NAME(params)`; the body after `=` is an expression at the top level, as a const's value is.
        begin: `\\b(def)\\b(?:\\s+(${name}))?`,
        beginCaptures: { "1": keyword("def"), "2": { name: "entity.name.function.predicate.apol" } },
        end: `(?<=\\))|${nextDeclaration}`,
        patterns: [
          { include: "#comments" },
          delimited(LParen, RParen, fields("variable.parameter.apol")),
          { match: `\\b${name}\\b`, name: "entity.name.function.predicate.apol" },
        ],
      },
      "rule-declaration": {
        begin: `\\b(rule)\\b(?:\\s+(${name}))?`,
        beginCaptures: { "1": keyword("rule"), "2": { name: "entity.name.type.rule.apol" } },
        end: `(?<=\\})|${nextDeclaration}`,
        patterns: [{ include: "#comments" }, delimited(LBrace, RBrace, expression), { match: `\\b${name}\\b`, name: "entity.name.type.rule.apol" }],
      },
      "test-declaration": {
        begin: `\\b(test)\\b`,
        beginCaptures: { "1": keyword("test") },
        end: `(?<=\\})|${nextDeclaration}`,
        patterns: [{ include: "#comments" }, { include: "#strings" }, { include: "#test-block" }],
      },
      "test-block": delimited(LBrace, RBrace, [
        { include: "#comments" },
        { include: "#strings" },
        { include: "#test-block" },
        {
          // Object keys and call arguments: keywords are names here (`{ count: 3 }`).
          match: `(${name})\\s*(:)`,
          captures: { "1": { name: "variable.other.property.apol" }, "2": token(Colon) },
        },
        {
          match: `\\b(call)\\s+(${name})`,
          captures: { "1": keyword("call"), "2": { name: "entity.name.function.tool.apol" } },
        },
        {
          // `unchecked` is a keyword only right after a test call's `)`, and `approve` only where a statement starts.
          match: `(?<=\\))\\s*\\b(${uncheckedWord})\\b`,
          captures: { "1": keyword("call") },
        },
        {
          match: `^\\s*(${approveWord})\\b(?=\\s*")`,
          captures: { "1": keyword("call") },
        },

        {
          match: `\\b(by)\\s+(${name})`,
          captures: { "1": keyword("by"), "2": { name: "entity.name.type.rule.apol" } },
        },
        {
          match: `\\b(by)\\s+(?=${source(ReservedRuleName)})`,
          captures: { "1": keyword("by") },
        },
        nameList("labels", "entity.name.label.apol"),
        ...expression,
      ]),
    },
  };
}

/** The grammar file's text: stable key order, two-space indentation, a final newline. */
export function grammarText(): string {
  return `${JSON.stringify(buildGrammar(), null, 2)}\n`;
}
