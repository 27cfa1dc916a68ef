// Structural traversal of IR expressions: the one place that knows which fields of each node are sub-expressions.
import type { IrExpr } from "./decision-tree.js";

/**
 * `expr` with `r` applied to each direct sub-expression. The node is rebuilt, never mutated, and only when a
 * sub-expression changed: otherwise `expr` itself is returned, so an unchanged tree is shared, not copied.
 */
export function mapChildren(expr: IrExpr, r: (child: IrExpr) => IrExpr): IrExpr {
  switch (expr.op) {
    case "not":
    case "neg":
    case "as":
    case "is": {
      const operand = r(expr.operand);
      return operand === expr.operand ? expr : { ...expr, operand };
    }
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
    case "div": {
      const left = r(expr.left);
      const right = r(expr.right);
      return left === expr.left && right === expr.right ? expr : { ...expr, left, right };
    }
    case "list": {
      const items = mapAll(expr.items, r);
      return items === expr.items ? expr : { ...expr, items };
    }
    case "in": {
      const item = r(expr.item);
      const list = r(expr.list);
      return item === expr.item && list === expr.list ? expr : { ...expr, item, list };
    }
    case "in-set": {
      const item = r(expr.item);
      return item === expr.item ? expr : { ...expr, item };
    }
    case "like":
    case "matches": {
      const subject = r(expr.subject);
      return subject === expr.subject ? expr : { ...expr, subject };
    }
    case "startsWith":
    case "endsWith":
    case "contains": {
      const subject = r(expr.subject);
      const other = r(expr.other);
      return subject === expr.subject && other === expr.other ? expr : { ...expr, subject, other };
    }
    case "call": {
      const args = mapAll(expr.args, r);
      return args === expr.args ? expr : { ...expr, args };
    }
    case "from": {
      const value = r(expr.value);
      return value === expr.value ? expr : { ...expr, value };
    }
    case "any":
    case "all": {
      const list = r(expr.list);
      const body = r(expr.body);
      return list === expr.list && body === expr.body ? expr : { ...expr, list, body };
    }
    case "count":
    case "seen":
    case "sum": {
      if (!expr.where) return expr;
      const where = r(expr.where);
      return where === expr.where ? expr : { ...expr, where };
    }
    default:
      return expr;
  }
}

/** `items` mapped by `r`, or `items` itself when `r` changed none of them. */
function mapAll(items: readonly IrExpr[], r: (child: IrExpr) => IrExpr): readonly IrExpr[] {
  let mapped: IrExpr[] | undefined;
  items.forEach((item, i) => {
    const next = r(item);
    if (next !== item) (mapped ??= items.slice())[i] = next;
  });
  return mapped ?? items;
}

/**
 * The direct sub-expressions of `expr`, in field order: read through `mapChildren`, which returns an unchanged node
 * itself, so listing copies nothing and the fields of each node stay known in one place.
 */
export function children(expr: IrExpr): readonly IrExpr[] {
  const found: IrExpr[] = [];
  mapChildren(expr, (child) => {
    found.push(child);
    return child;
  });
  return found;
}
