// Compiles `x in [constants]` to a `Set` lookup: constant time instead of a scan with deep equality.
import type { IrExpr } from "../ir/decision-tree.js";
import { rewrite } from "./rewrite.js";

/** Rewrites membership tests against lists of primitive constants into `in-set` nodes. */
export function compileSets(expr: IrExpr): IrExpr {
  return rewrite(expr, (e) => {
    if (e.op !== "in" || e.list.op !== "lit" || !Array.isArray(e.list.value)) return e;
    const values = e.list.value;
    // Only primitives: `Set` compares by identity, which is deep equality for them (numbers are finite here).
    if (!values.every((v) => typeof v !== "object")) return e;
    return { op: "in-set", item: e.item, values, negate: e.negate, origin: e.origin };
  });
}
