// Type checking of unary and binary operators: operands, comparisons, string tests and patterns.
import type * as ast from "../ast/ast.js";
import { pathRoots, type CheckContext } from "./context.js";
import { compileRegex, isRegexProblem } from "../regex/compile.js";
import { boolType, comparable, assignable, intType, isLenient, isNumeric, listOf, numberType, stringType, typeToString, type Type } from "./types.js";
import { constantValue } from "./constant-value.js";
import { narrowings, reportUnnarrowed } from "./narrowing.js";

import { type Scope, checkExpr, guards, withGuards } from "./expressions.js";

/** A bare name that may be an enum symbol: its type comes from the other operand. */
function isBareName(expr: ast.Expr, scope: Scope, ctx: CheckContext): boolean {
  return (
    expr.kind === "Path" &&
    expr.fields.length === 0 &&
    expr.head.text !== "" &&
    !scope.variables.has(expr.head.text) &&
    !scope.params?.has(expr.head.text) &&
    !ctx.symbols.consts.has(expr.head.text) &&
    !(pathRoots as readonly string[]).includes(expr.head.text)
  );
}

function isBareNameList(expr: ast.Expr, scope: Scope, ctx: CheckContext): boolean {
  return expr.kind === "List" && expr.items.length > 0 && expr.items.every((i) => isBareName(i, scope, ctx));
}

/** Checks both operands, the one that can stand alone first, so `admin == user.role` resolves `admin` as a `Role`. */
function checkOperands(
  expr: ast.BinaryExpr,
  scope: Scope,
  ctx: CheckContext,
  rightExpected: (left: Type) => Type | undefined,
  leftExpected: (right: Type) => Type | undefined,
): [Type, Type] {
  if (isBareName(expr.left, scope, ctx) && !isBareName(expr.right, scope, ctx) && !isBareNameList(expr.right, scope, ctx)) {
    const right = checkExpr(expr.right, scope, ctx);
    return [checkExpr(expr.left, scope, ctx, leftExpected(right)), right];
  }
  const left = checkExpr(expr.left, scope, ctx);
  return [left, checkExpr(expr.right, scope, ctx, rightExpected(left))];
}

/**
 * A hint for a value of type `actual` where `expected` was wanted. Quote hints only
 * when `actualExpr` is a literal: "remove the quotes" makes no sense for `args.to`.
 */
function mismatchHelp(expected: Type, actual: Type, actualExpr: ast.Expr): { help?: string } {
  const literal = actualExpr.kind;
  if (isNumeric(expected) && actual.kind === "string" && literal === "String") return { help: "remove the quotes to compare with a number" };
  if (expected.kind === "string" && isNumeric(actual) && literal === "Number") return { help: 'quote the value to compare with a string: `"..."`' };
  if (expected.kind === "enum" && actual.kind === "string" && literal === "String") {
    return { help: `write the symbol without quotes: it is a member of \`${expected.name}\`` };
  }
  if (expected.kind === "list" && !isLenient(actual) && actual.kind !== "list") return { help: "test membership with `contains` or `in`" };
  return {};
}

export function checkBinary(expr: ast.BinaryExpr, scope: Scope, ctx: CheckContext): Type {
  switch (expr.op) {
    case "and":
    case "or": {
      const leftType = checkExpr(expr.left, scope, ctx);
      const inner = withGuards(scope, guards(expr.left, expr.op === "and"), narrowings(expr.left, expr.op === "and", ctx));
      const rightType = checkExpr(expr.right, inner, ctx);
      for (const [side, type] of [
        [expr.left, leftType],
        [expr.right, rightType],
      ] as const) {
        if (reportUnnarrowed(side, type, (m) => m.kind === "bool", ctx)) continue;
        if (type.kind !== "bool" && !isLenient(type)) {
          ctx.report("apol/type-mismatch", side.span, `\`${expr.op}\` needs conditions on both sides, but this is \`${typeToString(type)}\``, {
            help: "compare the value with something, e.g. `== ...`",
          });
        }
      }
      return boolType;
    }
    case "==":
    case "!=": {
      const [left, right] = checkOperands(
        expr,
        scope,
        ctx,
        (l) => l,
        (r) => r,
      );
      if (reportUnnarrowed(expr.left, left, (m) => comparable(m, right), ctx) || reportUnnarrowed(expr.right, right, (m) => comparable(left, m), ctx))
        return boolType;
      if (!comparable(left, right)) {
        ctx.report(
          "apol/type-mismatch",
          expr.span,
          `cannot compare \`${typeToString(left)}\` with \`${typeToString(right)}\``,
          mismatchHelp(left, right, expr.right),
        );
      }
      return boolType;
    }
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const left = checkExpr(expr.left, scope, ctx);
      const right = checkExpr(expr.right, scope, ctx);
      const ordered = (t: Type): boolean => isNumeric(t) || t.kind === "duration" || isLenient(t);
      if (reportUnnarrowed(expr.left, left, ordered, ctx) || reportUnnarrowed(expr.right, right, ordered, ctx)) return boolType;
      if (!ordered(left) || !ordered(right)) {
        const [bad, badExpr] = ordered(left) ? [right, expr.right] : [left, expr.left];
        ctx.report("apol/type-mismatch", expr.span, `\`${expr.op}\` compares numbers, not \`${typeToString(bad)}\``, mismatchHelp(numberType, bad, badExpr));
      } else if (!comparable(left, right)) {
        ctx.report("apol/type-mismatch", expr.span, `cannot compare \`${typeToString(left)}\` with \`${typeToString(right)}\``);
      }
      return boolType;
    }
    case "+":
    case "-":
    case "*":
    case "/": {
      const left = checkExpr(expr.left, scope, ctx);
      const right = checkExpr(expr.right, scope, ctx);
      for (const [side, type] of [
        [expr.left, left],
        [expr.right, right],
      ] as const) {
        if (reportUnnarrowed(side, type, isNumeric, ctx)) continue;
        if (!isNumeric(type) && !isLenient(type)) {
          ctx.report(
            "apol/type-mismatch",
            side.span,
            `\`${expr.op}\` needs numbers, but this is \`${typeToString(type)}\``,
            mismatchHelp(numberType, type, side),
          );
        }
      }
      if (expr.op === "/" && expr.right.kind === "Number" && expr.right.value === 0) {
        ctx.report("apol/division-by-zero", expr.right.span, "division by zero", { help: "divide by a non-zero number" });
      }
      return left.kind === "int" && right.kind === "int" && expr.op !== "/" ? intType : numberType;
    }
    case "in":
    case "not in": {
      const [left, right] = checkOperands(
        expr,
        scope,
        ctx,
        (l) => listOf(l),
        (r) => (r.kind === "list" ? r.element : r.kind === "error" ? r : undefined),
      );
      if (reportUnnarrowed(expr.right, right, (m) => m.kind === "list" && comparable(left, m.element), ctx)) return boolType;
      if (right.kind === "list" && reportUnnarrowed(expr.left, left, (m) => comparable(m, right.element), ctx)) return boolType;
      if (right.kind !== "list" && !isLenient(right)) {
        ctx.report("apol/type-mismatch", expr.right.span, `\`${expr.op}\` needs a list on the right, but this is \`${typeToString(right)}\``, {
          help: right.kind === "string" ? 'for a substring test, write `x contains "..."`' : "write a list such as `[a, b]` or name a list const",
        });
      } else if (right.kind === "list" && !comparable(left, right.element)) {
        ctx.report("apol/type-mismatch", expr.span, `cannot look for \`${typeToString(left)}\` in a list of \`${typeToString(right.element)}\``, {
          ...(left.kind === "list"
            ? { help: `to test every item, write \`all(x in ${"..."}: x in ...)\`` }
            : isNumeric(left) && expr.right.kind === "List" && expr.right.items.every((i) => i.kind === "String")
              ? { help: "remove the quotes to compare with a number" }
              : mismatchHelp(right.element, left, expr.left)),
        });
      }
      return boolType;
    }
    case "like":
    case "matches": {
      const left = checkExpr(expr.left, scope, ctx);
      requireString(left, expr.left, expr.op, ctx);
      const right = checkExpr(expr.right, scope, ctx);
      const patterns = knownPatterns(expr.right, ctx);
      if (patterns === undefined && !assignable(right, stringType) && !assignable(right, listOf(stringType))) {
        ctx.report("apol/type-mismatch", expr.right.span, `a \`${expr.op}\` pattern is a string or a list of strings, but this is \`${typeToString(right)}\``, {
          help: `write the pattern in quotes, e.g. \`${expr.op === "like" ? '"*.example.com"' : '"^[a-z]+$"'}\``,
        });
      } else if (patterns === undefined) {
        ctx.report("apol/pattern-not-literal", expr.right.span, `the \`${expr.op}\` pattern must be known when the policy compiles`, {
          help: "patterns are compiled and checked ahead of time; write the pattern in quotes, a list of them, or name a string or list const",
        });
      } else if (patterns.length === 0) {
        ctx.report("apol/empty-pattern-list", expr.right.span, `the \`${expr.op}\` patterns are an empty list, which nothing matches`, {
          help: "give at least one pattern, or remove the test",
        });
      } else {
        ctx.patterns.set(expr, patterns);
        if (expr.op === "matches") for (const pattern of patterns) checkRegex(pattern, expr.right, ctx);
      }
      return boolType;
    }
    case "startsWith":
    case "endsWith": {
      const left = checkExpr(expr.left, scope, ctx);
      const right = checkExpr(expr.right, scope, ctx);
      requireString(left, expr.left, expr.op, ctx);
      requireString(right, expr.right, expr.op, ctx);
      return boolType;
    }
    case "contains": {
      const left = checkExpr(expr.left, scope, ctx);
      const right = checkExpr(expr.right, scope, ctx, left.kind === "list" ? left.element : undefined);
      // A string `contains` a substring, a list an item: on a union the two meanings differ, so a test picks one.
      if (reportUnnarrowed(expr.left, left, (m) => m.kind === "list" && comparable(m.element, right), ctx, "contains")) return boolType;
      if (reportUnnarrowed(expr.right, right, (m) => left.kind !== "list" || comparable(left.element, m), ctx)) return boolType;
      if (left.kind === "list") {
        if (!comparable(left.element, right)) {
          ctx.report(
            "apol/type-mismatch",
            expr.span,
            `a list of \`${typeToString(left.element)}\` cannot contain \`${typeToString(right)}\``,
            mismatchHelp(left.element, right, expr.right),
          );
        }
      } else if (left.kind === "string") requireString(right, expr.right, "contains", ctx);
      else if (!isLenient(left)) {
        ctx.report("apol/type-mismatch", expr.left.span, `\`contains\` needs a string or a list, but this is \`${typeToString(left)}\``);
      }
      return boolType;
    }
  }
}

/** The patterns a `like`/`matches` right side names: a string or a list of strings known at compile time (literals, consts); else undefined. */
function knownPatterns(expr: ast.Expr, ctx: CheckContext): readonly string[] | undefined {
  const value = constantValue(expr, ctx);
  if (typeof value === "string") return [value];
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
}

/** Refuses a `matches` pattern that is invalid or has no linear-time automaton, at `at` (the literal, or the const naming it). */
function checkRegex(pattern: string, at: ast.Expr, ctx: CheckContext): void {
  const problem = compileRegex(pattern);
  if (!isRegexProblem(problem)) return;
  const which = at.kind === "String" ? "this pattern" : `the pattern ${JSON.stringify(pattern)}`;
  if (problem.kind === "invalid") {
    ctx.report("apol/invalid-regex", at.span, `invalid regular expression${at.kind === "String" ? "" : ` ${JSON.stringify(pattern)}`}: ${problem.message}`, {
      help: "patterns use JavaScript syntax in Unicode mode",
    });
  } else if (problem.kind === "unsupported") {
    ctx.report("apol/unsupported-regex", at.span, `${which} has no linear-time match: ${problem.message}`, { help: problem.help });
  } else {
    ctx.report("apol/regex-too-large", at.span, `${which} is too large to match in linear time: ${problem.message}`, { help: problem.help });
  }
}

function requireString(type: Type, expr: ast.Expr, op: string, ctx: CheckContext): void {
  if (reportUnnarrowed(expr, type, (m) => m.kind === "string", ctx)) return;
  if (type.kind !== "string" && !isLenient(type)) {
    ctx.report("apol/type-mismatch", expr.span, `\`${op}\` needs a string, but this is \`${typeToString(type)}\``, mismatchHelp(stringType, type, expr));
  }
}
