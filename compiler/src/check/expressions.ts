// Type checking of expressions: the scope, conditions and guards, and the dispatch to operators.ts, calls.ts,
// quantifiers.ts and paths.ts by the kind of expression.
import type * as ast from "../ast/ast.js";
import type { CheckContext } from "./context.js";
import { numberLiteralType } from "./resolve.js";
import { type ToolSymbol } from "./symbols.js";
import {
  boolType,
  assignable,
  durationType,
  errorType,
  intType,
  isLenient,
  isNumeric,
  join,
  listOf,
  neverType,
  numberType,
  stringType,
  typeToString,
  type Type,
} from "./types.js";
import { article, noNarrowings, operandName, overlaps, pathKey, reportUnnarrowed, type Narrowings } from "./narrowing.js";
import { resolveType } from "./resolve.js";

import { checkCall } from "./calls.js";
import { checkBinary } from "./operators.js";
import { checkPath } from "./paths.js";
import { checkHistory, checkQuantifier } from "./quantifiers.js";
/** What is in scope for an expression. */
export interface Scope {
  /** The tools `args` refers to: the rule's targets. */
  readonly tools: readonly ToolSymbol[];
  /** Inside a history function's `where`: the tools `it` may be. */
  readonly it?: readonly ToolSymbol[];
  /** Quantifier variables. */
  readonly variables: ReadonlyMap<string, { readonly type: Type; readonly span: ast.Name["span"] }>;
  /** Optional paths known present here (keys such as `args.cc`). */
  readonly guarded: ReadonlySet<string>;
  /** Inside a predicate's body: its name (no tool is known there, so `args` is refused). */
  readonly predicate?: string;
  /** Inside a predicate's body: its parameters. Quantifier variables shadow them. */
  readonly params?: ReadonlyMap<string, { readonly type: Type; readonly span: ast.Name["span"] }>;
  /** Paths whose type an `is` test narrowed here (`args.company` to `string`). */
  readonly narrowed: Narrowings;
}

/** An empty scope over the given tools. */
export function ruleScope(tools: readonly ToolSymbol[], guarded: ReadonlySet<string> = new Set(), narrowed: Narrowings = noNarrowings): Scope {
  return { tools, variables: new Map(), guarded, narrowed };
}

/** Checks a condition: a boolean expression. */
export function checkCondition(expr: ast.Expr, scope: Scope, ctx: CheckContext, clause: string): void {
  const type = checkExpr(expr, scope, ctx);
  if (reportUnnarrowed(expr, type, (m) => m.kind === "bool", ctx)) return;
  if (type.kind !== "bool" && !isLenient(type)) {
    ctx.report("apol/not-a-condition", expr.span, `\`${clause}\` needs a condition, but this is \`${typeToString(type)}\``, {
      help: "compare it with something, e.g. `== ...`",
    });
  }
}

/**
 * The optional paths known present when `expr` evaluates to `polarity`.
 * `has(p)` is true → p; `a and b` is true → both sides' facts; `a or b` is false → both sides' negative facts.
 */
export function guards(expr: ast.Expr, polarity: boolean): Set<string> {
  if (expr.kind === "Call" && expr.callee.text === "has" && polarity) {
    const arg = expr.args[0];
    return arg?.kind === "Path"
      ? new Set([
          pathKey(
            arg.head.text,
            arg.fields.map((f) => f.text),
          ),
        ])
      : new Set();
  }
  if (expr.kind === "Unary" && expr.op === "not") return guards(expr.operand, !polarity);
  if (expr.kind === "Binary" && ((expr.op === "and" && polarity) || (expr.op === "or" && !polarity))) {
    return new Set([...guards(expr.left, polarity), ...guards(expr.right, polarity)]);
  }
  return new Set();
}

export function withGuards(scope: Scope, extra: ReadonlySet<string>, narrowed: Narrowings): Scope {
  return extra.size === 0 && narrowed.size === 0
    ? scope
    : { ...scope, guarded: new Set([...scope.guarded, ...extra]), narrowed: narrowed.size === 0 ? scope.narrowed : new Map([...scope.narrowed, ...narrowed]) };
}

/** Checks an expression and records its type; `expected` lets bare enum symbols resolve against their enum. */
export function checkExpr(expr: ast.Expr, scope: Scope, ctx: CheckContext, expected?: Type): Type {
  ctx.scopes.set(expr, scope);
  const type = infer(expr, scope, ctx, expected);
  ctx.types.set(expr, type);
  return type;
}

function infer(expr: ast.Expr, scope: Scope, ctx: CheckContext, expected: Type | undefined): Type {
  switch (expr.kind) {
    case "String":
      return stringType;
    case "Number":
      return numberLiteralType(expr);
    case "Bool":
      return boolType;
    case "Duration":
      return durationType;
    case "Missing":
      return errorType;
    case "Object":
      ctx.report("apol/type-mismatch", expr.span, "record literals are only allowed in tests", {
        help: 'compare fields one by one, e.g. `user.id == "u1"`',
      });
      return errorType;
    case "List":
      return checkList(expr, scope, ctx, expected);
    case "Path":
      return checkPath(expr, scope, ctx, expected, false);
    case "Unary":
      return checkUnary(expr, scope, ctx);
    case "Binary":
      return checkBinary(expr, scope, ctx);
    case "Call":
      return checkCall(expr, scope, ctx);
    case "Quantifier":
      return checkQuantifier(expr, scope, ctx);
    case "History":
      return checkHistory(expr, scope, ctx);
    case "TypeTest":
      return checkTypeTest(expr, scope, ctx);
  }
}

/** `x is T`: a condition. Where its answer is fixed by `x`'s type, a warning says so. */
function checkTypeTest(expr: ast.TypeTestExpr, scope: Scope, ctx: CheckContext): Type {
  const declared = checkExpr(expr.operand, scope, ctx);
  const tested = resolveType(expr.type, ctx.symbols.enums, ctx.diagnostics, ctx.references);
  ctx.typeTests.set(expr, tested);
  if (tested.kind === "error" || declared.kind === "error" || declared.kind === "never") return boolType;
  const name = operandName(expr.operand);
  if (tested.kind === "json" || (declared.kind !== "json" && assignable(declared, tested))) {
    ctx.report("apol/constant-type-test", expr.span, `${name} is always ${article(declared)}, so this test is always true`, {
      help: tested.kind === "json" ? "every value is `json`: remove the test" : "remove the test",
    });
  } else if (declared.kind !== "json" && !overlaps(declared, tested)) {
    ctx.report(
      "apol/constant-type-test",
      expr.span,
      `${name} is \`${typeToString(declared)}\`, never \`${typeToString(tested)}\`, so this test is always false`,
      {
        help:
          declared.kind === "union" ? `test for one of its forms: ${declared.members.map((m) => `\`${typeToString(m)}\``).join(" or ")}` : "remove the test",
      },
    );
  }
  return boolType;
}

function checkList(expr: ast.ListLit, scope: Scope, ctx: CheckContext, expected: Type | undefined): Type {
  const elementExpected = expected?.kind === "list" ? expected.element : undefined;
  let element: Type = neverType;
  for (const item of expr.items) {
    const type = checkExpr(item, scope, ctx, elementExpected ?? (element.kind === "enum" ? element : undefined));
    const joined = join(element, type);
    if (!joined) {
      ctx.report(
        "apol/type-mismatch",
        item.span,
        `list items must share one type: this is \`${typeToString(type)}\` but earlier items are \`${typeToString(element)}\``,
        {
          help: "use one type for every item",
        },
      );
    } else element = joined;
  }
  return listOf(element);
}

function checkUnary(expr: ast.UnaryExpr, scope: Scope, ctx: CheckContext): Type {
  const type = checkExpr(expr.operand, scope, ctx);
  if (expr.op === "not") {
    if (reportUnnarrowed(expr.operand, type, (m) => m.kind === "bool", ctx)) return boolType;
    if (type.kind !== "bool" && !isLenient(type)) {
      ctx.report("apol/type-mismatch", expr.operand.span, `\`not\` needs a condition, but this is \`${typeToString(type)}\``, {
        help: "`not` negates a comparison or another condition",
      });
    }
    return boolType;
  }
  if (reportUnnarrowed(expr.operand, type, isNumeric, ctx)) return errorType;
  if (!isNumeric(type) && !isLenient(type)) {
    ctx.report("apol/type-mismatch", expr.operand.span, `\`-\` needs a number, but this is \`${typeToString(type)}\``);
    return errorType;
  }
  return type.kind === "int" ? intType : numberType;
}
