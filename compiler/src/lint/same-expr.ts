// Structural equality of expressions, ignoring where they were written: two rules that say the same thing decide the same way.
import type * as ast from "../ast/ast.js";

/** Keys that record where or how something was written, not what it means. */
const positional: ReadonlySet<string> = new Set(["span", "opSpan", "raw", "doc"]);

/** Whether `a` and `b` are the same expression (or both absent), whatever their spans and spelling of literals. */
export function sameExpr(a: ast.Expr | undefined, b: ast.Expr | undefined): boolean {
  return a === b || exprKey(a) === exprKey(b);
}

const keys = new WeakMap<object, string>();

/**
 * A string that two expressions share exactly when they are the same expression: what they
 * mean, with object keys in sorted order, without spans or spellings. Grouping rules by it finds
 * repeated rules in one pass instead of comparing every pair. Kept per expression, since a rule's
 * condition is compared with many others.
 */
export function exprKey(expr: ast.Expr | undefined): string {
  if (expr === undefined) return "";
  let key = keys.get(expr);
  if (key === undefined) {
    key = JSON.stringify(canonical(expr));
    keys.set(expr, key);
  }
  return key;
}

function canonical(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(canonical);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (!positional.has(k) && v !== undefined) out[k] = canonical(v);
  }
  return out;
}
