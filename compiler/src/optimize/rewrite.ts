// Bottom-up rewriting of IR expressions, shared by the optimizer's passes.
import type { IrExpr } from "../ir/decision-tree.js";

/** Rebuilds `expr` with `f` applied to every sub-expression first, then to the node itself. */
export function rewrite(expr: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
  const r = (e: IrExpr): IrExpr => rewrite(e, f);
  let rebuilt: IrExpr;
  switch (expr.op) {
    case "not":
    case "neg":
    case "as":
      rebuilt = { ...expr, operand: r(expr.operand) };
      break;
    case "and":
    case "or":
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "add":
    case "sub":
    case "mul":
    case "div":
      rebuilt = { ...expr, left: r(expr.left), right: r(expr.right) };
      break;
    case "list":
      rebuilt = { ...expr, items: expr.items.map(r) };
      break;
    case "in":
      rebuilt = { ...expr, item: r(expr.item), list: r(expr.list) };
      break;
    case "in-set":
      rebuilt = { ...expr, item: r(expr.item) };
      break;
    case "like":
    case "matches":
      rebuilt = { ...expr, subject: r(expr.subject) };
      break;
    case "startsWith":
    case "endsWith":
    case "contains":
      rebuilt = { ...expr, subject: r(expr.subject), other: r(expr.other) };
      break;
    case "call":
      rebuilt = { ...expr, arg: r(expr.arg) };
      break;
    case "from":
      rebuilt = { ...expr, value: r(expr.value) };
      break;
    case "any":
    case "all":
      rebuilt = { ...expr, list: r(expr.list), body: r(expr.body) };
      break;
    case "count":
    case "seen":
    case "sum":
      rebuilt = expr.where ? { ...expr, where: r(expr.where) } : expr;
      break;
    default:
      rebuilt = expr;
  }
  return f(rebuilt);
}
