// fast-check arbitraries for syntactically well-formed apol ASTs, covering every declaration, clause, target, expression and test statement.
//
// The trees are syntactic, not type-directed: names are random, so most policies would
// not type-check. Every span is empty and there are no comments or doc fields; compare
// trees with `withoutLayout` (ast-compare.ts). `raw` texts are sometimes stale or spelled
// with other escapes, to exercise the printer's choice between `raw` and `value`.
import fc from "fast-check";
import type * as ast from "../../compiler/src/ast/ast.js";
import type { Span } from "../../compiler/src/source/span.js";
import { encodeString } from "../../compiler/src/syntax/literals.js";
import { keywordSpecs } from "../../compiler/src/syntax/tokens.js";

/** The span every generated node carries. */
export const nowhere: Span = { start: 0, end: 0 };

const keywordWords: readonly string[] = keywordSpecs.map((k) => k.word);
const keywordSet: ReadonlySet<string> = new Set(keywordWords);
/** Keywords that end an enum's member list (the parser's recovery gate), so no member may be one. */
const declarationWords: ReadonlySet<string> = new Set(["policy", "enum", "tool", "const", "def", "rule", "test"]);

function name(text: string): ast.Name {
  return { text, span: nowhere };
}

/** A name where only an identifier may stand (declarations, tools, rules, types, callees): never a keyword. */
export const identifier: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("a", "b", "x", "amount", "send_money", "Role", "finance", "string", "number", "lower", "has"),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/).filter((s) => !keywordSet.has(s)),
);

/** A name after a `.`, a field, argument, tag, label or key: keywords allowed. */
export const anyName: fc.Arbitrary<string> = fc.oneof(identifier, fc.constantFrom(...keywordWords));

/** An enum member: any name but the declaration keywords. */
export const memberName: fc.Arbitrary<string> = anyName.filter((s) => !declarationWords.has(s));

const identifierName = identifier.map(name);
const anyNameName = anyName.map(name);

/** A tool's name: bare, or quoted as MCP spells it (`"create-issue"`, `"fs/read"`, `"send"`, `"tool"`). */
const toolName: fc.Arbitrary<ast.Name> = fc.oneof(
  identifierName,
  fc
    .oneof(fc.constantFrom("create-issue", "github.search", "fs/read", "send", "tool", "9"), fc.stringMatching(/^[A-Za-z0-9_./-]{1,16}$/))
    .map((text): ast.Name => ({ text, span: nowhere, quoted: true })),
);

/** Every code point as `\u{...}`: a spelling that decodes to the same value but differs from `encodeString`. */
function escapeAll(value: string): string {
  let out = '"';
  for (const ch of value) out += `\\u{${(ch.codePointAt(0) as number).toString(16)}}`;
  return `${out}"`;
}

export const stringLit: fc.Arbitrary<ast.StringLit> = fc
  .tuple(
    fc.oneof(fc.string({ maxLength: 10 }), fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom('"', "\\", "a\nb", "/x/")),
    fc.constantFrom("canonical", "escaped", "stale"),
  )
  .map(([value, spelling]) => ({
    kind: "String",
    span: nowhere,
    value,
    raw: spelling === "canonical" ? encodeString(value) : spelling === "escaped" ? escapeAll(value) : encodeString(`${value}?`),
  }));

export const numberLit: fc.Arbitrary<ast.NumberLit> = fc
  .tuple(
    fc.oneof(
      fc.nat(1000),
      fc.double({ min: 0, max: 1e25, noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v)),
    ),
    fc.constantFrom("canonical", "exponent", "stale"),
  )
  .map(([value, spelling]) => ({
    kind: "Number",
    span: nowhere,
    value,
    raw: spelling === "canonical" ? String(value) : spelling === "exponent" ? value.toExponential() : String(value + 1),
  }));

const durationUnits = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const durationLit: fc.Arbitrary<ast.DurationLit> = fc
  .tuple(fc.nat(500), fc.constantFrom(...(Object.keys(durationUnits) as (keyof typeof durationUnits)[])), fc.boolean())
  .map(([n, unit, stale]) => ({ kind: "Duration", span: nowhere, ms: n * durationUnits[unit], raw: stale ? `${n + 1}${unit}` : `${n}${unit}` }));

const boolLit: fc.Arbitrary<ast.BoolLit> = fc.boolean().map((value) => ({ kind: "Bool", span: nowhere, value }));

const pathHeads = ["args", "agent", "user", "context", "resource", "now", "it"];

/** Paths; a bare `tool` is left out: followed by a name, it starts a declaration (`tool send(...)`). */
export const pathExpr: fc.Arbitrary<ast.PathExpr> = fc.oneof(
  fc
    .tuple(fc.oneof(identifier, fc.constantFrom(...pathHeads)), fc.array(anyNameName, { maxLength: 3 }))
    .map(([head, fields]): ast.PathExpr => ({ kind: "Path", span: nowhere, head: name(head), fields })),
  fc.array(anyNameName, { minLength: 1, maxLength: 2 }).map((fields): ast.PathExpr => ({ kind: "Path", span: nowhere, head: name("tool"), fields })),
);

const compareOps: readonly ast.CompareOp[] = ["==", "!=", "<", "<=", ">", ">="];
const binaryOps: readonly ast.BinaryOp[] = [
  "or",
  "and",
  ...compareOps,
  "in",
  "not in",
  "like",
  "matches",
  "startsWith",
  "endsWith",
  "contains",
  "+",
  "-",
  "*",
  "/",
];

export const target: fc.Arbitrary<ast.Target> = fc.oneof(
  toolName.map((n): ast.Target => ({ kind: "ToolTarget", span: nowhere, name: n })),
  anyNameName.map((tag): ast.Target => ({ kind: "TagTarget", span: nowhere, tag })),
  fc.tuple(fc.constantFrom(...compareOps), numberLit).map(([op, tier]): ast.Target => ({ kind: "TierTarget", span: nowhere, op, tier })),
  fc.constant<ast.Target>({ kind: "AllTarget", span: nowhere }),
);

const targets = fc.array(target, { minLength: 1, maxLength: 3 });

const window: fc.Arbitrary<ast.Window> = fc.oneof(durationLit, fc.constant<ast.Window>({ kind: "Session", span: nowhere }));

/** Expressions of every kind, nested at most `depth` levels (leaves only at 0). */
export const expr: (depth?: number) => fc.Arbitrary<ast.Expr> = fc.memo((depth) => {
  const leaf = fc.oneof<fc.Arbitrary<ast.Expr>[]>(stringLit, numberLit, boolLit, durationLit, pathExpr);
  if (depth <= 0) return leaf;
  const sub = expr(depth - 1);
  const list = fc.array(sub, { maxLength: 3 }).map((items): ast.Expr => ({ kind: "List", span: nowhere, items }));
  const object = objectLit(sub).map((o): ast.Expr => o);
  const unary = fc.tuple(fc.constantFrom<ast.UnaryOp>("not", "-"), sub).map(([op, operand]): ast.Expr => ({ kind: "Unary", span: nowhere, op, operand }));
  const binary = fc
    .tuple(fc.constantFrom(...binaryOps), sub, sub)
    .map(([op, left, right]): ast.Expr => ({ kind: "Binary", span: nowhere, op, opSpan: nowhere, left, right }));
  const call = fc.tuple(identifierName, fc.array(sub, { maxLength: 3 })).map(([callee, args]): ast.Expr => ({ kind: "Call", span: nowhere, callee, args }));
  const quantifier = fc
    .tuple(fc.constantFrom<"any" | "all">("any", "all"), identifierName, sub, sub)
    .map(([quantifier, variable, list, body]): ast.Expr => ({ kind: "Quantifier", span: nowhere, quantifier, variable, list, body }));
  const where = fc.option(sub, { nil: undefined });
  const countOrSeen = fc
    .tuple(fc.constantFrom<"count" | "seen">("count", "seen"), targets, where, window)
    .map(([fn, ts, w, win]): ast.Expr => ({ kind: "History", span: nowhere, fn, fnSpan: nowhere, targets: ts, ...(w ? { where: w } : {}), window: win }));
  const sum = fc
    .tuple(toolName, anyNameName, where, window)
    .map(
      ([tool, arg, w, win]): ast.Expr => ({ kind: "History", span: nowhere, fn: "sum", fnSpan: nowhere, tool, arg, ...(w ? { where: w } : {}), window: win }),
    );
  const typeTest = fc.tuple(sub, typeExpr(2)).map(([operand, type]): ast.Expr => ({ kind: "TypeTest", span: nowhere, operand, isSpan: nowhere, type }));
  return fc.oneof<fc.Arbitrary<ast.Expr>[]>(leaf, list, object, unary, binary, binary, call, quantifier, countOrSeen, sum, typeTest);
});

/** `{ key: value, ... }` with bare or quoted keys. */
export function objectLit(value: fc.Arbitrary<ast.Expr> = expr(1)): fc.Arbitrary<ast.ObjectLit> {
  return fc.array(objectEntry(value), { maxLength: 3 }).map((entries) => ({ kind: "Object", span: nowhere, entries }));
}

function objectEntry(value: fc.Arbitrary<ast.Expr>): fc.Arbitrary<ast.ObjectEntry> {
  return fc.tuple(fc.oneof(anyName, fc.string({ maxLength: 6 })), value).map(([key, v]) => ({ span: nowhere, key: name(key), value: v }));
}

export const typeExpr: (depth?: number) => fc.Arbitrary<ast.TypeExpr> = fc.memo((depth) => {
  const named = identifierName.map((n): ast.TypeExpr => ({ kind: "NamedType", span: nowhere, name: n }));
  if (depth <= 0) return named;
  const sub = typeExpr(depth - 1);
  const listType = sub.map((element): ast.TypeExpr => ({ kind: "ListType", span: nowhere, element }));
  const record = fc.array(field(sub), { maxLength: 3 }).map((fields): ast.TypeExpr => ({ kind: "RecordType", span: nowhere, fields }));
  // A union's members are not unions themselves: `(A | B) | C` prints, and parses back, as `A | B | C`.
  const union = fc
    .array(
      sub.filter((t) => t.kind !== "UnionType"),
      { minLength: 2, maxLength: 3 },
    )
    .map((members): ast.TypeExpr => ({ kind: "UnionType", span: nowhere, members }));
  return fc.oneof(named, listType, record, union);
});

export function field(type: fc.Arbitrary<ast.TypeExpr> = typeExpr(2)): fc.Arbitrary<ast.Field> {
  return fc.tuple(anyNameName, fc.boolean(), type).map(([n, optional, t]) => ({ kind: "Field", span: nowhere, name: n, optional, type: t }));
}

const fields = fc.array(field(), { maxLength: 4 });

export const policyHeader: fc.Arbitrary<ast.PolicyHeader> = fc
  .tuple(identifierName, fc.option(stringLit, { nil: undefined }))
  .map(([n, timezone]) => ({ kind: "PolicyHeader", span: nowhere, name: n, ...(timezone ? { timezone } : {}) }));

export const enumDecl: fc.Arbitrary<ast.EnumDecl> = fc
  .tuple(identifierName, fc.array(memberName.map(name), { maxLength: 4 }))
  .map(([n, members]) => ({ kind: "EnumDecl", span: nowhere, name: n, members }));

export const shapeDecl: fc.Arbitrary<ast.ShapeDecl> = fc
  .tuple(fc.constantFrom<ast.ShapeKind>("agent", "user", "context", "resource"), fields)
  .map(([shape, fs]) => ({ kind: "ShapeDecl", span: nowhere, shape, keywordSpan: nowhere, fields: fs }));

export const toolClause: fc.Arbitrary<ast.ToolClause> = fc.oneof(
  fc.array(anyNameName, { minLength: 1, maxLength: 3 }).map((tags): ast.ToolClause => ({ kind: "tags", span: nowhere, tags })),
  numberLit.map((tier): ast.ToolClause => ({ kind: "tier", span: nowhere, tier })),
  anyNameName.map((label): ast.ToolClause => ({ kind: "returns", span: nowhere, label })),
  typeExpr(2).map((type): ast.ToolClause => ({ kind: "output", span: nowhere, type })),
);

export const toolDecl: fc.Arbitrary<ast.ToolDecl> = fc
  .tuple(toolName, fields, fc.array(toolClause, { maxLength: 3 }))
  .map(([n, params, clauses]) => ({ kind: "ToolDecl", span: nowhere, name: n, params, clauses }));

export const constDecl: fc.Arbitrary<ast.ConstDecl> = fc
  .tuple(identifierName, expr(3))
  .map(([n, value]) => ({ kind: "ConstDecl", span: nowhere, name: n, value }));

export const predicateDecl: fc.Arbitrary<ast.PredicateDecl> = fc
  .tuple(identifierName, fc.array(fc.tuple(identifierName, typeExpr(2)), { maxLength: 3 }), expr(3))
  .map(([n, params, body]) => ({
    kind: "PredicateDecl",
    span: nowhere,
    name: n,
    params: params.map(([p, type]): ast.Param => ({ kind: "Param", span: nowhere, name: p, type })),
    body,
  }));

export const redactPath: fc.Arbitrary<ast.RedactPath> = fc
  .tuple(
    fc.constantFrom<ast.RedactPath["root"]>("output", "args"),
    fc.array(
      fc.oneof(
        anyNameName.map((n): ast.PathSegment => ({ kind: "field", name: n })),
        fc.constant<ast.PathSegment>({ kind: "each", span: nowhere }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([root, segments]) => ({ kind: "RedactPath", span: nowhere, root, segments }));

export const effectClause: fc.Arbitrary<ast.EffectClause> = fc
  .tuple(fc.constantFrom<ast.Effect>("allow", "deny", "review", "redact"), targets, fc.array(redactPath, { maxLength: 2 }))
  .map(([effect, ts, paths]) => ({
    kind: "EffectClause",
    span: nowhere,
    effect,
    effectSpan: nowhere,
    targets: ts,
    // Only `redact` takes paths; the grammar would take them after any effect.
    paths: effect === "redact" ? paths : [],
  }));

export const ruleClause: fc.Arbitrary<ast.RuleClause> = fc.oneof(
  expr(3).map((e): ast.RuleClause => ({ kind: "when", span: nowhere, expr: e })),
  expr(3).map((e): ast.RuleClause => ({ kind: "unless", span: nowhere, expr: e })),
  fc.tuple(numberLit, expr(2)).map(([count, from]): ast.RuleClause => ({ kind: "approvals", span: nowhere, count, from })),
  durationLit.map((duration): ast.RuleClause => ({ kind: "expires", span: nowhere, duration })),
  stringLit.map((text): ast.RuleClause => ({ kind: "reason", span: nowhere, text })),
);

export const ruleDecl: fc.Arbitrary<ast.RuleDecl> = fc
  .tuple(identifierName, effectClause, fc.array(ruleClause, { maxLength: 4 }))
  .map(([n, effect, clauses]) => ({ kind: "RuleDecl", span: nowhere, name: n, effect, clauses }));

export const testCall: fc.Arbitrary<ast.TestCall> = fc
  .tuple(
    toolName,
    fc.array(objectEntry(expr(1)), { maxLength: 3 }),
    fc.boolean(),
    fc.option(expr(2), { nil: undefined }),
    fc.array(anyNameName, { maxLength: 2 }),
  )
  .map(([tool, args, unchecked, returns, labels]) => ({
    kind: "TestCall",
    span: nowhere,
    tool,
    args,
    ...(unchecked ? { unchecked: { text: "unchecked", span: nowhere } } : {}),
    ...(returns ? { returns } : {}),
    labels,
  }));

export const testStatement: fc.Arbitrary<ast.TestStatement> = fc.oneof(
  fc
    .tuple(fc.constantFrom<ast.ShapeKind>("agent", "user", "context", "resource"), objectLit())
    .map(([part, value]): ast.TestStatement => ({ kind: "given", span: nowhere, part, value })),
  stringLit.map((value): ast.TestStatement => ({ kind: "now", span: nowhere, value })),
  fc.array(testCall, { maxLength: 2 }).map((calls): ast.TestStatement => ({ kind: "history", span: nowhere, calls })),
  fc.tuple(expr(2), fc.array(anyNameName, { maxLength: 2 })).map(([value, labels]): ast.TestStatement => ({ kind: "observe", span: nowhere, value, labels })),
  testCall.map((call): ast.TestStatement => ({ kind: "call", span: nowhere, call })),
  expr(2).map((value): ast.TestStatement => ({ kind: "expectOutput", span: nowhere, value })),
  fc
    // `expect output` starts an `expect output VALUE`: `output` is never an effect.
    .tuple(
      anyNameName.filter((n) => n.text !== "output"),
      fc.option(fc.oneof(identifierName, fc.constantFrom("$default", "$unknown-tool").map(name)), { nil: undefined }),
    )
    .map(([effect, rule]): ast.TestStatement => ({ kind: "expect", span: nowhere, effect, ...(rule ? { rule } : {}) })),
);

export const testDecl: fc.Arbitrary<ast.TestDecl> = fc
  .tuple(stringLit, fc.array(testStatement, { maxLength: 4 }))
  .map(([title, statements]) => ({ kind: "TestDecl", span: nowhere, title, statements }));

export const declaration: fc.Arbitrary<ast.Declaration> = fc.oneof<fc.Arbitrary<ast.Declaration>[]>(
  policyHeader,
  enumDecl,
  shapeDecl,
  toolDecl,
  constDecl,
  predicateDecl,
  ruleDecl,
  testDecl,
);

/** A whole file: any declarations in any order (the checker, not the grammar, wants exactly one header). */
export const policy: fc.Arbitrary<ast.Policy> = fc.array(declaration, { maxLength: 6 }).map((declarations) => ({
  kind: "Policy",
  span: nowhere,
  headers: declarations.filter((d): d is ast.PolicyHeader => d.kind === "PolicyHeader"),
  declarations,
  comments: [],
}));
