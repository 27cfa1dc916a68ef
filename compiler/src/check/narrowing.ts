// Union types in rules: what an `is` test tells about a path, and the error for a union used before a test narrows it.
import type * as ast from "../ast/ast.js";
import type { CheckContext } from "./context.js";
import { assignable, membersOf, typeToString, type Type } from "./types.js";

/** Narrowed paths (keys such as `args.company`) and their types where a condition holds. */
export type Narrowings = ReadonlyMap<string, Type>;

export const noNarrowings: Narrowings = new Map();

/** `args.company`, `user.manager.id`, `x`: the key guards and narrowings are kept under. */
export function pathKey(head: string, fields: readonly string[]): string {
  return [head, ...fields].join(".");
}

/** Whether some value can have both types (`enum` values are strings; an `int` is a `number`; `[]` is every list). */
export function overlaps(a: Type, b: Type): boolean {
  if (a.kind === "union" || b.kind === "union") return membersOf(a).some((m) => membersOf(b).some((n) => overlaps(m, n)));
  if ((a.kind === "enum" && b.kind === "string") || (a.kind === "string" && b.kind === "enum")) return true;
  if (a.kind === "list" && b.kind === "list") return true;
  return assignable(a, b) || assignable(b, a);
}

function unionOf(members: readonly Type[]): Type {
  return members.length === 1 ? (members[0] as Type) : { kind: "union", members };
}

/**
 * The type of a value of `declared` type that passed `is tested`: its members the test
 * covers, or the tested type itself where some member only overlaps it (`number` tested `is int`).
 */
function narrowTo(declared: Type, tested: Type): Type {
  if (declared.kind !== "union") return assignable(declared, tested) && declared.kind !== "json" ? declared : tested;
  const overlapping = declared.members.filter((m) => overlaps(m, tested));
  if (overlapping.length > 0 && overlapping.every((m) => assignable(m, tested))) return unionOf(overlapping);
  return tested;
}

/** The type of a value of `declared` type that failed `is tested`: the members the test does not cover. */
function narrowAway(declared: Type, tested: Type): Type {
  if (declared.kind !== "union") return declared;
  const rest = declared.members.filter((m) => !assignable(m, tested));
  return rest.length === 0 ? declared : unionOf(rest);
}

/**
 * The narrowings that hold when `expr` evaluates to `polarity`, read from its already checked
 * `is` tests: `x is T` is true → x is T; false → x is none of T's members; `a and b` true → both
 * sides' (the right's win: it was checked with the left's); `a or b` false → both sides' negative ones.
 */
export function narrowings(expr: ast.Expr, polarity: boolean, ctx: CheckContext): Map<string, Type> {
  if (expr.kind === "TypeTest") {
    const tested = ctx.typeTests.get(expr);
    const declared = ctx.types.get(expr.operand);
    if (expr.operand.kind !== "Path" || !tested || !declared || tested.kind === "error" || declared.kind === "error") return new Map();
    const key = pathKey(
      expr.operand.head.text,
      expr.operand.fields.map((f) => f.text),
    );
    return new Map([[key, polarity ? narrowTo(declared, tested) : narrowAway(declared, tested)]]);
  }
  if (expr.kind === "Unary" && expr.op === "not") return narrowings(expr.operand, !polarity, ctx);
  if (expr.kind === "Binary" && ((expr.op === "and" && polarity) || (expr.op === "or" && !polarity))) {
    return new Map([...narrowings(expr.left, polarity, ctx), ...narrowings(expr.right, polarity, ctx)]);
  }
  return new Map();
}

/** How a message names an operand: the path as written, or "this value". */
export function operandName(expr: ast.Expr): string {
  return expr.kind === "Path"
    ? `\`${pathKey(
        expr.head.text,
        expr.fields.map((f) => f.text),
      )}\``
    : "this value";
}

/** `a \`string\``, `an \`int\``: a type as a message names one value of it. */
export function article(type: Type): string {
  const text = typeToString(type);
  return `${/^[aeiou]/i.test(text) ? "an" : "a"} \`${text}\``;
}

/**
 * Reports a union-typed operand that stands where some member is not accepted and returns true;
 * false when `type` is no union or `accepts` takes every member (the caller's own checks then apply).
 * `overloaded` names an operator that takes every member but means something else for each
 * (`len` counts characters of a string, items of a list): such a use is refused as well.
 */
export function reportUnnarrowed(expr: ast.Expr, type: Type, accepts: (member: Type) => boolean, ctx: CheckContext, overloaded?: string): boolean {
  if (type.kind !== "union") return false;
  const refused = type.members.find((m) => !accepts(m));
  if (!refused && overloaded === undefined) return false;
  const suggested = type.members.find(accepts) ?? type.members[0]!;
  const name = operandName(expr);
  const test = expr.kind === "Path" ? `${name.slice(1, -1)} is ${typeToString(suggested)}` : `... is ${typeToString(suggested)}`;
  const message = refused ? `${name} may be ${article(refused)}` : `${name} is \`${typeToString(type)}\`, and \`${overloaded}\` means something else for each`;
  ctx.report("apol/unnarrowed-union", expr.span, message, { help: `test its type first: \`${test} and ...\`` });
  return true;
}
