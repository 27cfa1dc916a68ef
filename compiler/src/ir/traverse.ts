// Structural traversal of IR expressions: the one place that knows which fields of each node are sub-expressions.
import type { IrExpr } from "./decision-tree.js";

/** `expr` with `f` applied to each direct sub-expression (the node itself is rebuilt, never mutated). */
export function mapChildren(expr: IrExpr, r: (child: IrExpr) => IrExpr): IrExpr {
  switch (expr.op) {
    case "not":
    case "neg":
    case "as":
    case "is":
      return { ...expr, operand: r(expr.operand) };
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
      return { ...expr, left: r(expr.left), right: r(expr.right) };
    case "list":
      return { ...expr, items: expr.items.map(r) };
    case "in":
      return { ...expr, item: r(expr.item), list: r(expr.list) };
    case "in-set":
      return { ...expr, item: r(expr.item) };
    case "like":
    case "matches":
      return { ...expr, subject: r(expr.subject) };
    case "startsWith":
    case "endsWith":
    case "contains":
      return { ...expr, subject: r(expr.subject), other: r(expr.other) };
    case "call":
      return { ...expr, args: expr.args.map(r) };
    case "from":
      return { ...expr, value: r(expr.value) };
    case "any":
    case "all":
      return { ...expr, list: r(expr.list), body: r(expr.body) };
    case "count":
    case "seen":
    case "sum":
      return expr.where ? { ...expr, where: r(expr.where) } : expr;
    default:
      return expr;
  }
}

/** The direct sub-expressions of `expr`, in field order. */
export function children(expr: IrExpr): readonly IrExpr[] {
  const found: IrExpr[] = [];
  mapChildren(expr, (child) => {
    found.push(child);
    return child;
  });
  return found;
}
