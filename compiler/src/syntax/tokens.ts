// The one table of apol's tokens: the lexer, the parser, the formatter and the TextMate grammar all read it.
import { createToken, Lexer, type TokenType } from "chevrotain";

/** How a keyword is used; the TextMate grammar and semantic tokens scope keywords by role. */
export type KeywordRole =
  | "declaration" // policy, tool, rule, ...
  | "effect" // allow, deny, review, redact
  | "clause" // when, unless, reason, tags, ...
  | "operator" // and, or, not, in, like, ...
  | "constant" // true, false
  | "variable" // args, user, it, ... (path roots)
  | "history" // count, sum, seen, any, all
  | "test"; // expect, call, history, ...

/**
 * Every token that can stand where a name is expected after a `.` or as a field
 * or argument name. Keywords belong to it too, so `it.tool.name` and
 * `output.count` parse although `tool` and `count` are keywords.
 */
export const AnyName = createToken({ name: "AnyName", pattern: Lexer.NA, label: "a name" });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [AnyName],
  label: "a name",
});

interface KeywordSpec {
  readonly word: string;
  readonly role: KeywordRole;
}

/**
 * A word that is a keyword only where a test statement starts (`approve "cfo"`): reserving it would take it from
 * tools named `approve`. The parser, the formatter, the editor's tokens and completion read it from here.
 */
export const approveWord = "approve";

/**
 * A word that is a keyword only after a test call's `)` (`call send(to: 5) unchecked`): the call is sent as written,
 * arguments not checked against the tool, to test `$invalid-request`. Read from here as `approveWord` is.
 */
export const uncheckedWord = "unchecked";

/** Keyword spellings with their roles, in one list so tools can enumerate them. */
export const keywordSpecs: readonly KeywordSpec[] = [
  { word: "policy", role: "declaration" },
  { word: "timezone", role: "clause" },
  { word: "enum", role: "declaration" },
  { word: "agent", role: "variable" },
  { word: "user", role: "variable" },
  { word: "context", role: "variable" },
  { word: "resource", role: "variable" },
  { word: "tool", role: "declaration" },
  { word: "tags", role: "clause" },
  { word: "tier", role: "clause" },
  { word: "returns", role: "clause" },
  { word: "output", role: "variable" },
  { word: "const", role: "declaration" },
  { word: "def", role: "declaration" },
  { word: "rule", role: "declaration" },
  { word: "test", role: "declaration" },
  { word: "allow", role: "effect" },
  { word: "deny", role: "effect" },
  { word: "review", role: "effect" },
  { word: "redact", role: "effect" },
  { word: "tagged", role: "clause" },
  { word: "when", role: "clause" },
  { word: "unless", role: "clause" },
  { word: "approvals", role: "clause" },
  { word: "of", role: "clause" },
  { word: "expires", role: "clause" },
  { word: "reason", role: "clause" },
  { word: "and", role: "operator" },
  { word: "or", role: "operator" },
  { word: "not", role: "operator" },
  { word: "in", role: "operator" },
  { word: "like", role: "operator" },
  { word: "matches", role: "operator" },
  { word: "startsWith", role: "operator" },
  { word: "endsWith", role: "operator" },
  { word: "contains", role: "operator" },
  { word: "is", role: "operator" },
  { word: "true", role: "constant" },
  { word: "false", role: "constant" },
  { word: "args", role: "variable" },
  { word: "now", role: "variable" },
  { word: "it", role: "variable" },
  { word: "count", role: "history" },
  { word: "sum", role: "history" },
  { word: "seen", role: "history" },
  { word: "any", role: "history" },
  { word: "all", role: "history" },
  { word: "where", role: "history" },
  { word: "session", role: "history" },
  { word: "expect", role: "test" },
  { word: "call", role: "test" },
  { word: "history", role: "test" },
  { word: "labels", role: "test" },
  { word: "observe", role: "test" },
  { word: "by", role: "test" },
];

function keyword(spec: KeywordSpec): TokenType {
  return createToken({
    name: `Kw_${spec.word}`,
    pattern: new RegExp(`${spec.word}\\b`),
    longer_alt: Identifier,
    categories: [AnyName],
    label: `\`${spec.word}\``,
  });
}

/** Keyword token types by spelling. */
export const keywords: Readonly<Record<string, TokenType>> = Object.fromEntries(keywordSpecs.map((spec) => [spec.word, keyword(spec)]));

function kw(word: string): TokenType {
  const token = keywords[word];
  if (!token) throw new Error(`internal: no keyword ${word}`);
  return token;
}

export const Policy = kw("policy");
export const Timezone = kw("timezone");
export const Enum = kw("enum");
export const Agent = kw("agent");
export const User = kw("user");
export const Context = kw("context");
export const Resource = kw("resource");
export const Tool = kw("tool");
export const Tags = kw("tags");
export const Tier = kw("tier");
export const Returns = kw("returns");
export const Output = kw("output");
export const Const = kw("const");
export const Def = kw("def");
export const Rule = kw("rule");
export const Test = kw("test");
export const Allow = kw("allow");
export const Deny = kw("deny");
export const Review = kw("review");
export const Redact = kw("redact");
export const Tagged = kw("tagged");
export const When = kw("when");
export const Unless = kw("unless");
export const Approvals = kw("approvals");
export const Of = kw("of");
export const Expires = kw("expires");
export const Reason = kw("reason");
export const And = kw("and");
export const Or = kw("or");
export const Not = kw("not");
export const In = kw("in");
export const Like = kw("like");
export const Matches = kw("matches");
export const StartsWith = kw("startsWith");
export const EndsWith = kw("endsWith");
export const Contains = kw("contains");
export const Is = kw("is");
export const True = kw("true");
export const False = kw("false");
export const Args = kw("args");
export const Now = kw("now");
export const It = kw("it");
export const Count = kw("count");
export const Sum = kw("sum");
export const Seen = kw("seen");
export const Any = kw("any");
export const All = kw("all");
export const Where = kw("where");
export const Session = kw("session");
export const Expect = kw("expect");
export const Call = kw("call");
export const History = kw("history");
export const Labels = kw("labels");
export const Observe = kw("observe");
export const By = kw("by");

export const DocComment = createToken({
  name: "DocComment",
  pattern: /\/\/\/[^\n\r]*/,
  group: "comments",
  label: "a doc comment",
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\n\r]*/,
  group: "comments",
  label: "a comment",
});
export const BlockComment = createToken({
  name: "BlockComment",
  // An unterminated comment runs to the end of the file; `lex` reports it.
  pattern: /\/\*[\s\S]*?(?:\*\/|(?![\s\S]))/,
  group: "comments",
  line_breaks: true,
  label: "a comment",
});
const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/**
 * A string literal: JSON-style escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\uXXXX`, `\u{X}`).
 * The closing quote is optional here so an unterminated string is one token (reported by `lex`)
 * instead of a cascade of errors from the words inside it.
 */
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n\r]|\\.)*"?/,
  label: "a string",
});
/** A duration: `30s`, `10m`, `1h`, `7d`, `500ms`. Listed before numbers so `1h` is one token. */
export const Duration = createToken({
  name: "Duration",
  pattern: /\d+(?:ms|s|m|h|d)(?![A-Za-z0-9_])/,
  label: "a duration",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: "a number",
});

export const LBrace = createToken({ name: "LBrace", pattern: /{/, label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "`}`" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "`)`" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "`[`" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "`]`" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "`,`" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "`:`" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "`.`" });
export const Question = createToken({ name: "Question", pattern: /\?/, label: "`?`" });
/** Between the members of a union type: `string | string[]`. */
export const Pipe = createToken({ name: "Pipe", pattern: /\|/, label: "`|`" });

/** Comparison operators share a category so the parser takes them in one alternative. */
export const Comparison = createToken({ name: "Comparison", pattern: Lexer.NA, label: "a comparison" });
export const EqEq = createToken({ name: "EqEq", pattern: /==/, categories: [Comparison], label: "`==`" });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, categories: [Comparison], label: "`!=`" });
export const LessEq = createToken({ name: "LessEq", pattern: /<=/, categories: [Comparison], label: "`<=`" });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=/, categories: [Comparison], label: "`>=`" });
export const Less = createToken({ name: "Less", pattern: /</, categories: [Comparison], label: "`<`" });
export const Greater = createToken({ name: "Greater", pattern: />/, categories: [Comparison], label: "`>`" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "`=`" });

export const Plus = createToken({ name: "Plus", pattern: /\+/, label: "`+`" });
export const Minus = createToken({ name: "Minus", pattern: /-/, label: "`-`" });
export const Star = createToken({ name: "Star", pattern: /\*/, label: "`*`" });
export const Slash = createToken({ name: "Slash", pattern: /\//, label: "`/`" });

/**
 * Recovery tokens: spellings from other languages that stand for an apol token.
 * They parse as that token (so one slip does not cascade into a dozen errors) and
 * `lex` reports each with the apol spelling as a fix.
 */
export const recoveryTokens: readonly { readonly token: TokenType; readonly means: string }[] = [
  { token: createToken({ name: "AmpAmp", pattern: /&&/, categories: [keywords["and"] as TokenType], label: "`&&`" }), means: "and" },
  { token: createToken({ name: "PipePipe", pattern: /\|\|/, categories: [keywords["or"] as TokenType], label: "`||`" }), means: "or" },
  { token: createToken({ name: "GreaterEqSign", pattern: /\u2265/, categories: [GreaterEq, Comparison], label: "`\u2265`" }), means: ">=" },
  { token: createToken({ name: "LessEqSign", pattern: /\u2264/, categories: [LessEq, Comparison], label: "`\u2264`" }), means: "<=" },
  { token: createToken({ name: "NotEqSign", pattern: /\u2260/, categories: [NotEq, Comparison], label: "`\u2260`" }), means: "!=" },
  {
    token: createToken({ name: "SingleQuoted", pattern: /'(?:[^'\\\n\r]|\\.)*'?/, categories: [StringLiteral], label: "a single-quoted string" }),
    means: "string",
  },
];

/** `$default`, `$unknown-tool`, ...: the reserved rule names, which tests may expect `by`. */
export const ReservedRuleName = createToken({ name: "ReservedRuleName", pattern: /\$[a-z]+(?:-[a-z]+)*/, label: "a reserved rule name" });

/** Every token in lexing order: comments before `/`, durations before numbers, `<=` before `<`, keywords before names. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  DocComment,
  LineComment,
  BlockComment,
  ...recoveryTokens.map((r) => r.token),
  ReservedRuleName,
  StringLiteral,
  Duration,
  NumberLiteral,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  Question,
  Pipe,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Comparison,
  AnyName,
  ...Object.values(keywords),
  Identifier,
];

/** Punctuation and operator spellings with their roles, for the TextMate grammar. */
export const punctuation: readonly { readonly token: TokenType; readonly role: "operator" | "punctuation" }[] = [
  { token: EqEq, role: "operator" },
  { token: NotEq, role: "operator" },
  { token: LessEq, role: "operator" },
  { token: GreaterEq, role: "operator" },
  { token: Less, role: "operator" },
  { token: Greater, role: "operator" },
  { token: Equals, role: "operator" },
  { token: Plus, role: "operator" },
  { token: Minus, role: "operator" },
  { token: Star, role: "operator" },
  { token: Slash, role: "operator" },
  { token: LBrace, role: "punctuation" },
  { token: RBrace, role: "punctuation" },
  { token: LParen, role: "punctuation" },
  { token: RParen, role: "punctuation" },
  { token: LBracket, role: "punctuation" },
  { token: RBracket, role: "punctuation" },
  { token: Comma, role: "punctuation" },
  { token: Colon, role: "punctuation" },
  { token: Dot, role: "punctuation" },
  { token: Question, role: "punctuation" },
  { token: Pipe, role: "operator" },
];
