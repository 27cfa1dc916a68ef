// Structural equality of expressions, ignoring where they were written: two rules that say the same thing decide the same way.
import type * as ast from "../ast/ast.js";

/** Keys that record where or how something was written, not what it means. */
const positional: ReadonlySet<string> = new Set(["span", "opSpan", "raw", "doc"]);

/** Whether `a` and `b` are the same expression (or both absent), whatever their spans and spelling of literals. */
export function sameExpr(a: ast.Expr | undefined, b: ast.Expr | undefined): boolean {
  return same(a, b);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  const keys = (o: object): string[] => Object.keys(o).filter((k) => !positional.has(k) && (o as Record<string, unknown>)[k] !== undefined);
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k) => kb.includes(k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
