// Numbers IR expressions by their shape, so structural equality is one comparison of numbers.
import type { IrExpr } from "../ir/decision-tree.js";
import { children } from "../ir/traverse.js";

/** A field value other than a sub-expression, as JSON (`Infinity` spelt out; an `origin` inside left out, as at the top). */
function valueKey(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return value === Infinity ? '"Infinity"' : JSON.stringify(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value, (k, v: unknown) => (k === "origin" ? undefined : v === Infinity ? "Infinity" : v));
}

/**
 * The shapes of expressions, numbered: two expressions get the same number exactly when they have the same
 * operator and fields in the same order, sub-expressions of the same shapes and the same other values
 * (origins ignored). A node's number is remembered, and a node is read once, its sub-expressions by their
 * numbers, so numbering a tree costs its size, not its size times its depth.
 */
export class Shapes {
  private readonly byNode = new Map<IrExpr, number>();
  private readonly byKey = new Map<string, number>();

  /** The number of `expr`'s shape. */
  id(expr: IrExpr): number {
    const known = this.byNode.get(expr);
    if (known !== undefined) return known;
    const parts = children(expr);
    let key = expr.op;
    for (const field of Object.keys(expr)) {
      if (field === "op" || field === "origin") continue;
      const value = (expr as unknown as Record<string, unknown>)[field];
      if (value === undefined) continue;
      key += `,${field}:`;
      if (parts.includes(value as IrExpr)) key += `#${this.id(value as IrExpr)}`;
      else if (Array.isArray(value) && value.length > 0 && parts.includes(value[0] as IrExpr))
        key += `[${(value as IrExpr[]).map((c) => `#${this.id(c)}`).join(",")}]`;
      else key += valueKey(value);
    }
    let id = this.byKey.get(key);
    if (id === undefined) this.byKey.set(key, (id = this.byKey.size));
    this.byNode.set(expr, id);
    return id;
  }
}
