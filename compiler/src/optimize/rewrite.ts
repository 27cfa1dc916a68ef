// Bottom-up rewriting of IR expressions, shared by the optimizer's passes.
import type { IrExpr } from "../ir/decision-tree.js";
import { mapChildren } from "../ir/traverse.js";

/** Rebuilds `expr` with `f` applied to every sub-expression first, then to the node itself. */
export function rewrite(expr: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
  return f(mapChildren(expr, (child) => rewrite(child, f)));
}
