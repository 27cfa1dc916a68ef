// Type checking of calls: built-in functions, predicates and `has(...)`.
import type * as ast from "../ast/ast.js";
import { builtinFunctions, specialForms } from "./builtins.js";
import { type CheckContext } from "./context.js";
import { didYouMean, listNames } from "./hints.js";
import { errorType, typeToString, type FieldType, type Type } from "./types.js";
import { checkPredicateCall } from "./predicates.js";
import { pathKey, reportUnnarrowed } from "./narrowing.js";

import { type Scope, checkExpr } from "./expressions.js";
import { checkPath } from "./paths.js";

export function checkCall(expr: ast.CallExpr, scope: Scope, ctx: CheckContext): Type {
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
