// Type checking of expressions: paths, operators, built-ins, quantifiers and history functions.
import { shapeKinds } from "../ast/ast.js";
import type * as ast from "../ast/ast.js";
import { builtinFunctions, nowFields, specialForms, toolFields } from "./builtins.js";
import { pathRoots, type CheckContext, type PathMeaning } from "./context.js";
import { didYouMean, listNames, unknownTool } from "./hints.js";
import { compileRegex, isRegexProblem } from "../regex/compile.js";
import { spellToolName, writtenToolName } from "../syntax/tool-names.js";
import { numberLiteralType } from "./resolve.js";
import { enumMembers, type SymbolRef, type ToolSymbol } from "./symbols.js";
import { resolveTargets } from "./targets.js";
import {
  boolType,
  comparable,
  assignable,
  durationType,
  errorType,
  intType,
  isLenient,
  isNumeric,
  join,
  jsonType,
  listOf,
  neverType,
  numberType,
  stringType,
  typeToString,
  weekdayEnum,
  type FieldType,
  type Type,
} from "./types.js";
import { constantValue } from "./constant-value.js";
import { checkPredicateCall } from "./predicates.js";
import { article, narrowings, noNarrowings, operandName, overlaps, pathKey, reportUnnarrowed, type Narrowings } from "./narrowing.js";
import { resolveType } from "./resolve.js";

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

function withGuards(scope: Scope, extra: ReadonlySet<string>, narrowed: Narrowings): Scope {
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

function checkBinary(expr: ast.BinaryExpr, scope: Scope, ctx: CheckContext): Type {
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

function checkCall(expr: ast.CallExpr, scope: Scope, ctx: CheckContext): Type {
  const name = expr.callee.text;
  const predicate = ctx.symbols.predicates.get(name);
  if (predicate) return checkPredicateCall(expr, predicate, scope, ctx);
  const fn = builtinFunctions.get(name);
  if (!fn) {
    const predicates = [...ctx.symbols.predicates.keys()];
    ctx.report("apol/unknown-function", expr.callee.span, `unknown function \`${name}\``, {
      ...didYouMean(
        name,
        [...builtinFunctions.keys(), ...specialForms.keys(), ...predicates],
        expr.callee.span,
        `the functions are ${listNames([...builtinFunctions.keys(), ...predicates], 20)}`,
      ),
    });
    for (const arg of expr.args) checkExpr(arg, scope, ctx);
    return errorType;
  }
  if (expr.args.length !== fn.params.length) {
    ctx.report(
      "apol/wrong-arity",
      expr.span,
      `\`${name}\` takes ${fn.params.length} argument${fn.params.length === 1 ? "" : "s"} but was given ${expr.args.length}`,
      {
        help: `the signature is \`${fn.signature}\``,
      },
    );
  }
  fn.params.forEach((param, i) => {
    const arg = expr.args[i];
    if (!arg) return;
    switch (param.kind) {
      case "value": {
        const type = checkExpr(arg, scope, ctx);
        if (!param.accepts(type) && reportUnnarrowed(arg, type, param.accepts, ctx, name)) break;
        if (!param.accepts(type)) {
          ctx.report("apol/type-mismatch", arg.span, `\`${name}\` needs ${param.expected}, but this is \`${typeToString(type)}\``, {
            help: `the signature is \`${fn.signature}\``,
          });
        }
        break;
      }
      case "path":
        checkHas(arg, scope, ctx);
        break;
      case "label":
        if (arg.kind === "Path" && arg.fields.length === 0 && arg.head.text !== "") {
          ctx.meanings.set(arg, { kind: "label", label: arg.head.text });
          ctx.types.set(arg, errorType);
        } else {
          if (arg.kind !== "Missing") checkExpr(arg, scope, ctx);
          ctx.report("apol/invalid-label", arg.span, `\`${name}\` needs a label name here`, {
            help: "write a bare label such as `untrusted`, `user` or `internal`",
          });
        }
        break;
    }
  });
  for (const extra of expr.args.slice(fn.params.length)) checkExpr(extra, scope, ctx);
  return fn.returns;
}

function checkHas(arg: ast.Expr, scope: Scope, ctx: CheckContext): void {
  if (arg.kind !== "Path" || arg.fields.length === 0) {
    if (arg.kind !== "Missing") {
      checkExpr(arg, scope, ctx);
      ctx.report("apol/invalid-has", arg.span, "`has` needs an argument or field path", {
        help: "write e.g. `has(args.cc)` or `has(user.manager)`",
      });
    }
    return;
  }
  const type = checkPath(arg, scope, ctx, undefined, true);
  ctx.types.set(arg, type);
  const meaning = ctx.meanings.get(arg)?.kind;
  if (meaning === "tool" || meaning === "now" || meaning === "it-tool" || meaning === "const") {
    ctx.report(
      "apol/invalid-has",
      arg.span,
      `\`has\` only tests optional arguments and fields, not \`${[arg.head.text, ...arg.fields.map((f) => f.text)].join(".")}\``,
      {
        help: "remove the test",
      },
    );
    return;
  }
  const optional = lastSegmentOptional(arg, scope, ctx);
  if (optional === false) {
    const text = pathKey(
      arg.head.text,
      arg.fields.map((f) => f.text),
    );
    ctx.report("apol/always-present", arg.span, `\`${text}\` is always present`, {
      help: "it is not optional, so `has` is always true here: remove the test",
    });
  }
}

/** Whether the last segment of a path is optional (undefined when the path did not resolve). */
function lastSegmentOptional(path: ast.PathExpr, scope: Scope, ctx: CheckContext): boolean | undefined {
  const meaning = ctx.meanings.get(path);
  if (!meaning) return undefined;
  const walk = (root: Type, fields: readonly string[]): boolean | undefined => {
    let type: Type = root;
    let optional: boolean | undefined;
    for (const field of fields) {
      if (type.kind !== "record") return undefined;
      const entry = type.fields.get(field);
      if (!entry) return undefined;
      optional = entry.optional;
      type = entry.type;
    }
    return optional;
  };
  switch (meaning.kind) {
    case "args":
    case "it-args": {
      const tools = meaning.kind === "args" ? scope.tools : (scope.it ?? []);
      const [first, ...rest] = meaning.fields;
      if (first === undefined) return undefined;
      const params = tools.map((t) => t.params.get(first)).filter((p) => p !== undefined);
      if (params.length === 0) return undefined;
      if (rest.length === 0) return params.some((p) => p.optional);
      return walk((params[0] as FieldType).type, rest);
    }
    case "shape": {
      const shape = ctx.symbols.shapes.get(meaning.shape);
      return shape ? walk(shape.type, meaning.fields) : undefined;
    }
    case "variable": {
      const variable = scope.variables.get(path.head.text);
      return variable ? walk(variable.type, meaning.fields) : undefined;
    }
    case "param": {
      const param = scope.params?.get(path.head.text);
      return param ? walk(param.type, meaning.fields) : undefined;
    }
    default:
      return undefined;
  }
}

function checkQuantifier(expr: ast.QuantifierExpr, scope: Scope, ctx: CheckContext): Type {
  const listType = checkExpr(expr.list, scope, ctx);
  let element: Type = errorType;
  if (reportUnnarrowed(expr.list, listType, (m) => m.kind === "list", ctx)) element = errorType;
  else if (listType.kind === "union") element = { kind: "union", members: listType.members.map((m) => (m as Extract<Type, { kind: "list" }>).element) };
  else if (listType.kind === "list") element = listType.element;
  else if (listType.kind === "json") element = jsonType;
  else if (!isLenient(listType)) {
    ctx.report("apol/type-mismatch", expr.list.span, `\`${expr.quantifier}\` needs a list, but this is \`${typeToString(listType)}\``, {
      help: `write \`${expr.quantifier}(x in LIST: condition)\``,
    });
  }
  const variables = new Map(scope.variables);
  let narrowed = scope.narrowed;
  if (expr.variable.text !== "") {
    variables.set(expr.variable.text, { type: element, span: expr.variable.span });
    ctx.references.push({
      span: expr.variable.span,
      target: { kind: "variable", name: expr.variable.text, declaredAt: expr.variable.span },
      declaration: true,
    });
    // The new variable shadows any outer one of its name: what a test said about that one no longer holds.
    const shadowed = (key: string): boolean => key === expr.variable.text || key.startsWith(`${expr.variable.text}.`);
    if ([...narrowed.keys()].some(shadowed)) narrowed = new Map([...narrowed].filter(([key]) => !shadowed(key)));
  }
  checkCondition(expr.body, { ...scope, variables, narrowed }, ctx, expr.quantifier);
  return boolType;
}

function checkHistory(expr: ast.HistoryExpr, scope: Scope, ctx: CheckContext): Type {
  let tools: ToolSymbol[];
  if (expr.fn === "sum") {
    const tool = ctx.symbols.tools.get(expr.tool.text);
    tools = [];
    if (!tool) {
      if (expr.tool.text !== "") {
        ctx.report("apol/unknown-tool", expr.tool.span, `unknown tool \`${writtenToolName(expr.tool)}\``, {
          ...unknownTool(expr.tool.text, ctx.symbols.tools.keys(), expr.tool.span),
        });
      }
    } else {
      tools = [tool];
      ctx.refer(expr.tool.span, { kind: "tool", name: tool.name });
      const param = tool.params.get(expr.arg.text);
      if (!param) {
        if (expr.arg.text !== "") {
          ctx.report("apol/unknown-argument", expr.arg.span, `tool \`${spellToolName(tool.name)}\` has no argument \`${expr.arg.text}\``, {
            ...didYouMean(expr.arg.text, tool.params.keys(), expr.arg.span, `its arguments are ${listNames([...tool.params.keys()])}`),
          });
        }
      } else {
        ctx.refer(expr.arg.span, { kind: "argument", tool: tool.name, name: param.name });
        if (!isNumeric(param.type)) {
          ctx.report(
            "apol/non-numeric-sum",
            expr.arg.span,
            `\`sum\` needs a numeric argument, but \`${spellToolName(tool.name)}.${param.name}\` is \`${typeToString(param.type)}\``,
            {
              help: "use `count(...)` to count calls instead",
            },
          );
        }
      }
    }
  } else tools = resolveTargets(expr.targets, ctx);
  ctx.historyTools.set(
    expr,
    tools.map((t) => t.name),
  );
  if (expr.where) checkCondition(expr.where, { ...scope, it: tools, guarded: scope.guarded }, ctx, "where");
  if (expr.window.kind === "Duration" && !(expr.window.ms > 0)) {
    ctx.report("apol/empty-window", expr.window.span, "a window must be longer than zero", { help: "use e.g. `1h`, or `session`" });
  }
  return expr.fn === "count" ? intType : expr.fn === "seen" ? boolType : numberType;
}

// ---------------------------------------------------------------- paths

const shapeHeads: ReadonlySet<string> = new Set(shapeKinds);

/** Resolves a path to what it means and its type, reporting unknown names and unguarded optionals. */
export function checkPath(expr: ast.PathExpr, scope: Scope, ctx: CheckContext, expected: Type | undefined, forHas: boolean): Type {
  // `has(PATH)` checks its path here without `checkExpr`: record the scope for the editor all the same.
  ctx.scopes.set(expr, scope);
  const head = expr.head.text;
  const fields = expr.fields;
  const names = fields.map((f) => f.text);
  const set = (meaning: PathMeaning, type: Type): Type => {
    ctx.meanings.set(expr, meaning);
    return type;
  };
  if (head === "") return errorType;
  if (head === "args" && scope.predicate !== undefined) {
    ctx.report("apol/args-in-predicate", expr.head.span, `\`args\` is not defined in predicate \`${scope.predicate}\``, {
      help: "a predicate may be called from rules on any tool: take the value as a parameter and pass `args.NAME` where you call it",
    });
    return errorType;
  }
  if (head === "args") {
    if (fields.length === 0) return set({ kind: "args", fields: [] }, jsonType);
    const type = argumentType(expr, scope.tools, "args", scope, ctx, forHas);
    return set({ kind: "args", fields: names }, type);
  }
  if (shapeHeads.has(head)) {
    const shape = ctx.symbols.shapes.get(head as ast.ShapeKind);
    if (!shape) {
      ctx.report("apol/undeclared-shape", expr.head.span, `\`${head}\` has no declared shape`, {
        help: `declare its fields: \`${head} { id: string }\``,
      });
      return errorType;
    }
    const type = walkFields(shape.type, expr, 0, head, scope, ctx, forHas, (i) => ({ kind: "field", shape: shape.shape, path: names.slice(0, i + 1) }));
    return set({ kind: "shape", shape: shape.shape, fields: names }, type);
  }
  if (head === "tool" || head === "now") {
    const table = head === "tool" ? toolFields : nowFields;
    const field = fields[0];
    if (!field || fields.length > 1) {
      const at = field && fields.length > 1 ? (fields[1] as ast.Name).span : expr.span;
      ctx.report("apol/unknown-field", at, field ? `\`${head}.${field.text}\` has no fields` : `\`${head}\` needs a field`, {
        help: `use one of ${listNames([...table.keys()].map((k) => `${head}.${k}`))}`,
      });
      return errorType;
    }
    const entry = table.get(field.text);
    if (!entry) {
      ctx.report("apol/unknown-field", field.span, `\`${head}\` has no field \`${field.text}\``, {
        ...didYouMean(field.text, table.keys(), field.span, `its fields are ${listNames([...table.keys()])}`),
      });
      return errorType;
    }
    return set({ kind: head, field: field.text }, entry.type);
  }
  if (head === "it") return checkItPath(expr, scope, ctx, forHas, set);
  const variable = scope.variables.get(head);
  if (variable) {
    ctx.refer(expr.head.span, { kind: "variable", name: head, declaredAt: variable.span });
    const type = walkFields(variable.type, expr, 0, head, scope, ctx, forHas, () => undefined);
    return set({ kind: "variable", name: head, fields: names }, type);
  }
  const param = scope.params?.get(head);
  if (param && scope.predicate !== undefined) {
    ctx.refer(expr.head.span, { kind: "parameter", predicate: scope.predicate, name: head });
    const type = walkFields(param.type, expr, 0, head, scope, ctx, forHas, () => undefined);
    return set({ kind: "param", name: head, fields: names }, type);
  }
  const constant = ctx.symbols.consts.get(head);
  if (constant) {
    ctx.refer(expr.head.span, { kind: "const", name: head });
    if (fields.length > 0) {
      ctx.report("apol/unknown-field", (fields[0] as ast.Name).span, `const \`${head}\` has no fields`, { help: "a const is a plain value" });
      return errorType;
    }
    return set({ kind: "const", name: head }, constant.type);
  }
  if (fields.length === 0) return checkSymbol(expr, expected, scope, ctx, set);
  ctx.report("apol/unknown-name", expr.head.span, `unknown name \`${head}\``, {
    ...didYouMean(
      head,
      [
        ...(scope.predicate === undefined ? ["args"] : []),
        "user",
        "agent",
        "context",
        "resource",
        "tool",
        "now",
        ...scope.variables.keys(),
        ...(scope.params?.keys() ?? []),
        ...ctx.symbols.consts.keys(),
      ],
      expr.head.span,
      scope.predicate === undefined
        ? "paths start with `args`, `user`, `agent`, `context`, `resource`, `tool` or `now`"
        : "paths in a predicate start with a parameter, `user`, `agent`, `context`, `resource`, `tool` or `now`",
    ),
  });
  return errorType;
}

function checkSymbol(expr: ast.PathExpr, expected: Type | undefined, scope: Scope, ctx: CheckContext, set: (m: PathMeaning, t: Type) => Type): Type {
  const name = expr.head.text;
  // The other operand already failed to check: guessing what this symbol means would only add noise.
  if (expected?.kind === "error") return errorType;
  if (expected?.kind === "enum") {
    const members = enumMembers(expected.name, ctx.symbols);
    if (members.includes(name)) {
      if (expected.name !== weekdayEnum.name) ctx.refer(expr.head.span, { kind: "member", enum: expected.name, name });
      return set({ kind: "member", enum: expected.name, member: name }, expected);
    }
    ctx.report("apol/unknown-member", expr.head.span, `\`${name}\` is not a member of \`${expected.name}\``, {
      ...didYouMean(name, members, expr.head.span, `its members are ${listNames(members)}`),
    });
    return errorType;
  }
  const owners = [...(ctx.symbols.membersToEnums.get(name) ?? []), ...((weekdayEnum.members as readonly string[]).includes(name) ? [weekdayEnum.name] : [])];
  if (owners.length === 1) {
    const owner = owners[0] as string;
    if (owner !== weekdayEnum.name) ctx.refer(expr.head.span, { kind: "member", enum: owner, name });
    return set({ kind: "member", enum: owner, member: name }, { kind: "enum", name: owner });
  }
  if (owners.length > 1) {
    ctx.report("apol/ambiguous-member", expr.head.span, `\`${name}\` is a symbol of several enums: ${listNames(owners)}`, {
      help: "compare it with a field of the enum you mean, or rename the symbol in one enum",
    });
    return errorType;
  }
  const candidates = [...scope.variables.keys(), ...(scope.params?.keys() ?? []), ...ctx.symbols.consts.keys(), ...ctx.symbols.membersToEnums.keys()];
  ctx.report("apol/unknown-name", expr.head.span, `unknown name \`${name}\``, {
    ...didYouMean(
      name,
      candidates,
      expr.head.span,
      scope.tools.length > 0 ? `for an argument write \`args.${name}\`; strings need quotes` : "strings need quotes",
    ),
  });
  return errorType;
}

function checkItPath(expr: ast.PathExpr, scope: Scope, ctx: CheckContext, forHas: boolean, set: (m: PathMeaning, t: Type) => Type): Type {
  if (!scope.it) {
    ctx.report("apol/it-outside-where", expr.head.span, "`it` is only defined inside a history function's `where`", {
      help: "write e.g. `count(send_email where it.args.to == args.to, 1h)`",
    });
    return errorType;
  }
  const [part, ...rest] = expr.fields;
  const names = rest.map((f) => f.text);
  if (part?.text === "args") {
    if (rest.length === 0) return set({ kind: "it-args", fields: [] }, jsonType);
    return set({ kind: "it-args", fields: names }, argumentType(expr, scope.it, "it.args", scope, ctx, forHas, 1));
  }
  if (part?.text === "tool" && rest.length === 1) {
    const entry = toolFields.get(names[0] as string);
    if (entry) return set({ kind: "it-tool", field: names[0] as string }, entry.type);
  }
  if (part?.text === "output") {
    const tools = scope.it;
    const declared = tools.length === 1 && tools[0]?.outputDeclared ? tools[0].output : jsonType;
    return set(
      { kind: "it-output", fields: names },
      walkFields(declared, expr, 1, "it.output", scope, ctx, forHas, () => undefined),
    );
  }
  const at = part ? part.span : expr.span;
  ctx.report("apol/unknown-field", at, part ? `\`it\` has no field \`${part.text}\`` : "`it` needs a field", {
    ...(part
      ? didYouMean(part.text, ["args", "tool", "output"], part.span, "use `it.args.NAME`, `it.tool.name`, `it.tool.tier` or `it.output`")
      : { help: "use `it.args.NAME`, `it.tool.name`, `it.tool.tier` or `it.output`" }),
  });
  return errorType;
}

/**
 * The type of `args.x...` (or `it.args.x...`, where `offset` skips `args`) over every tool in `tools`:
 * each must have `x`, with one type; deeper fields walk the argument's record type.
 */
function argumentType(expr: ast.PathExpr, tools: readonly ToolSymbol[], prefix: string, scope: Scope, ctx: CheckContext, forHas: boolean, offset = 0): Type {
  const nameTok = expr.fields[offset] as ast.Name;
  const name = nameTok.text;
  if (tools.length === 0) return errorType;
  let type: Type | undefined;
  let optional = false;
  let firstTool: ToolSymbol | undefined;
  for (const tool of tools) {
    const param = tool.params.get(name);
    if (!param) {
      reportUnknownArgument(nameTok, tool, tools, ctx);
      return errorType;
    }
    ctx.refer(nameTok.span, { kind: "argument", tool: tool.name, name });
    optional ||= param.optional;
    if (type === undefined) {
      type = param.type;
      firstTool = tool;
    } else if (!comparable(type, param.type) && !(assignable(type, param.type) && assignable(param.type, type))) {
      ctx.report(
        "apol/type-mismatch",
        nameTok.span,
        `argument \`${name}\` is \`${typeToString(type)}\` in \`${spellToolName(firstTool?.name ?? "")}\` but \`${typeToString(param.type)}\` in \`${spellToolName(tool.name)}\``,
        {
          help: "give the argument one type in every targeted tool, or split the rule",
        },
      );
      return errorType;
    }
  }
  const key = `${prefix}.${name}`;
  const isLast = expr.fields.length === offset + 1;
  if (optional && !scope.guarded.has(key) && !(forHas && isLast)) reportUnguarded(expr, offset, key, ctx);
  return walkFields(type ?? errorType, expr, offset + 1, `${prefix}.${name}`, scope, ctx, forHas, () => undefined);
}

/** `args.NAME` where `tool`, one of the rule's `tools`, has no argument `NAME`: a did-you-mean, or who has it. */
export function reportUnknownArgument(name: ast.Name, tool: ToolSymbol, tools: readonly ToolSymbol[], ctx: CheckContext): void {
  const others = tools.filter((t) => t !== tool && t.params.has(name.text));
  const message =
    tools.length === 1
      ? `tool \`${spellToolName(tool.name)}\` has no argument \`${name.text}\``
      : `tool \`${spellToolName(tool.name)}\` has no argument \`${name.text}\`, but the rule targets it`;
  ctx.report("apol/unknown-argument", name.span, message, {
    ...didYouMean(
      name.text,
      tool.params.keys(),
      name.span,
      others.length > 0
        ? `only ${listNames(others.map((t) => spellToolName(t.name)))} ${others.length === 1 ? "has" : "have"} it: narrow the targets, or split the rule`
        : `its arguments are ${listNames([...tool.params.keys()])}`,
    ),
  });
}

function reportUnguarded(expr: ast.PathExpr, index: number, key: string, ctx: CheckContext): void {
  const span = { start: expr.span.start, end: (expr.fields[index] as ast.Name).span.end };
  ctx.report("apol/unguarded-optional", span, `\`${key}\` is optional and may be absent`, {
    help: `guard it: \`has(${key}) and ...\``,
  });
}

/** Walks `expr.fields[from..]` through record types, reporting unknown fields and unguarded optional ones. */
function walkFields(
  root: Type,
  expr: ast.PathExpr,
  from: number,
  prefix: string,
  scope: Scope,
  ctx: CheckContext,
  forHas: boolean,
  refOf: (index: number) => SymbolRef | undefined,
): Type {
  let type = scope.narrowed.get(prefix) ?? root;
  let key = prefix;
  for (let i = from; i < expr.fields.length; i++) {
    const field = expr.fields[i] as ast.Name;
    if (isLenient(type)) return type;
    const fieldSpan = { start: expr.span.start, end: expr.fields[i - 1]?.span.end ?? expr.head.span.end };
    if (reportUnnarrowed({ ...expr, span: fieldSpan, fields: expr.fields.slice(0, i) }, type, (m) => m.kind === "record" && m.fields.has(field.text), ctx))
      return errorType;
    if (type.kind !== "record") {
      ctx.report("apol/unknown-field", field.span, `\`${key}\` is \`${typeToString(type)}\` and has no field \`${field.text}\``, {
        help: "only records have fields",
      });
      return errorType;
    }
    const entry = type.fields.get(field.text);
    if (!entry) {
      ctx.report("apol/unknown-field", field.span, `\`${key}\` has no field \`${field.text}\``, {
        ...didYouMean(field.text, type.fields.keys(), field.span, `its fields are ${listNames([...type.fields.keys()])}`),
      });
      return errorType;
    }
    const ref = refOf(i);
    if (ref) ctx.refer(field.span, ref);
    key = `${key}.${field.text}`;
    const isLast = i === expr.fields.length - 1;
    if (entry.optional && !scope.guarded.has(key) && !(forHas && isLast)) {
      reportUnguarded(expr, i, key, ctx);
      // The rest of the path cannot be typed soundly; an error type keeps follow-on errors away.
      return errorType;
    }
    type = scope.narrowed.get(key) ?? entry.type;
  }
  return type;
}
