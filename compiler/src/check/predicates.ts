// Checks named predicates: each body once against its parameters' types, calls against signatures, and refuses recursion.
import type * as ast from "../ast/ast.js";
import { walk } from "../ast/walk.js";
import type { CheckContext } from "./context.js";
import { checkCondition, checkExpr, ruleScope, type Scope } from "./expressions.js";
import { predicateSignature, type PredicateSymbol } from "./symbols.js";
import { assignable, boolType, isLenient, typeToString, type Type } from "./types.js";

/**
 * The scope of a predicate's body: its parameters and nothing of a rule. No tool is known there,
 * so `args` is refused (the caller passes what the body needs); `it` is refused as outside a `where`.
 */
function bodyScope(predicate: PredicateSymbol): Scope {
  return {
    ...ruleScope([]),
    predicate: predicate.name,
    // Reversed, so the first of two parameters with one name (an error) is the one the body reads.
    params: new Map(predicate.params.map((p) => [p.name, { type: p.type, span: p.decl.name.span }] as const).reverse()),
  };
}

/** Checks every predicate's body (the first declaration of each name), then refuses cycles among them; with `only`, just the bodies of those declarations (a fragment's). */
export function checkPredicates(ctx: CheckContext, only?: ReadonlySet<ast.Declaration>): void {
  for (const predicate of ctx.symbols.predicates.values()) {
    if (only && !only.has(predicate.decl)) continue;
    checkCondition(predicate.decl.body, bodyScope(predicate), ctx, `def ${predicate.name}`);
  }
  if (!only) reportRecursion(ctx);
}

/**
 * The run-time check a dynamic (`json`) argument gets when its parameter has a checked type, as it would as an
 * operand there: lowering wraps the argument in an `as`, the reference applies the same reading where the body reads it.
 */
export function dynamicCheck(argument: Type, param: Type): "number" | "string" | "list" | undefined {
  if (argument.kind !== "json") return undefined;
  if (param.kind === "number" || param.kind === "int") return "number";
  return param.kind === "string" || param.kind === "list" ? param.kind : undefined;
}

/** Checks a call of a predicate: arity, then each argument against its parameter's type. Returns `bool`. */
export function checkPredicateCall(expr: ast.CallExpr, predicate: PredicateSymbol, scope: Scope, ctx: CheckContext): Type {
  ctx.refer(expr.callee.span, { kind: "predicate", name: predicate.name });
  const params = predicate.params;
  if (expr.args.length !== params.length) {
    ctx.report(
      "apol/wrong-arity",
      expr.span,
      `\`${predicate.name}\` takes ${params.length} argument${params.length === 1 ? "" : "s"} but was given ${expr.args.length}`,
      {
        help: `the signature is \`${predicateSignature(predicate)}\``,
      },
    );
  }
  expr.args.forEach((arg, i) => {
    const param = params[i];
    const type = checkExpr(arg, scope, ctx, param?.type);
    if (param && !isLenient(type) && !assignable(type, param.type)) {
      ctx.report(
        "apol/type-mismatch",
        arg.span,
        `\`${predicate.name}\` needs \`${typeToString(param.type)}\` for \`${param.name}\`, but this is \`${typeToString(type)}\``,
        {
          help: `the signature is \`${predicateSignature(predicate)}\``,
        },
      );
    }
  });
  return boolType;
}

/** The predicates a body calls, each call with its callee's name span, in source order. */
function callsIn(body: ast.Expr, ctx: CheckContext): { callee: ast.Name; name: string }[] {
  const calls: { callee: ast.Name; name: string }[] = [];
  walk(body, (node) => {
    if ("kind" in node && node.kind === "Call" && ctx.symbols.predicates.has(node.callee.text)) calls.push({ callee: node.callee, name: node.callee.text });
  });
  return calls;
}

/**
 * Refuses recursion, direct or mutual: a depth-first walk of the call graph in declaration order reports each
 * call that closes a cycle, naming the cycle. Inlining needs a finite unfolding, and it keeps evaluation bounded.
 */
function reportRecursion(ctx: CheckContext): void {
  const graph = new Map([...ctx.symbols.predicates].map(([name, p]) => [name, callsIn(p.decl.body, ctx)]));
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    stack.push(name);
    for (const call of graph.get(name) ?? []) {
      const at = stack.indexOf(call.name);
      if (at >= 0) {
        const cycle = [...stack.slice(at), call.name].map((n) => `\`${n}\``).join(" → ");
        ctx.report(
          "apol/recursive-predicate",
          call.callee.span,
          at === stack.length - 1 ? `predicate \`${name}\` calls itself` : `recursive predicates: ${cycle}`,
          {
            help: "predicates cannot call themselves, directly or through others: write the condition without the cycle",
          },
        );
      } else if (!done.has(call.name)) visit(call.name);
    }
    stack.pop();
    done.add(name);
  };
  for (const name of graph.keys()) if (!done.has(name)) visit(name);
}
