// Constant folding: operators over literals, and `and`/`or` with a literal side, without ever hiding a run-time fault.
import type { IrExpr, Literal } from "../ir/decision-tree.js";
import { referenceFunctions } from "../reference/functions.js";
import { canFault } from "../ir/lower.js";
import { rewrite } from "./rewrite.js";

/** Deep equality of literals, as `==` behaves at run time. */
function literalEquals(a: Literal, b: Literal): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && (a as readonly Literal[]).every((x, i) => literalEquals(x, b[i] as Literal));
  }
  return a === b;
}

function lit(value: Literal, origin: IrExpr["origin"]): IrExpr {
  return { op: "lit", value, origin };
}

function literal(e: IrExpr): Literal | undefined {
  return e.op === "lit" ? e.value : undefined;
}

/** One folding step on a node whose children are already folded. */
function foldNode(e: IrExpr): IrExpr {
  switch (e.op) {
    case "not": {
      const v = literal(e.operand);
      return typeof v === "boolean" ? lit(!v, e.origin) : e;
    }
    case "neg": {
      const v = literal(e.operand);
      return typeof v === "number" ? lit(-v, e.origin) : e;
    }
    case "and":
    case "or": {
      const absorbing = e.op === "or";
      const l = literal(e.left);
      const r = literal(e.right);
      // `true or x` / `false and x`: x is never evaluated.
      if (l === absorbing) return lit(absorbing, e.origin);
      // `false or x` / `true and x`: the result is x.
      if (l === !absorbing) return e.right;
      // `x or false` / `x and true`: the result is x (its faults included).
      if (r === !absorbing) return e.left;
      // `x or true` / `x and false`: only if x cannot fault, since a fault must surface.
      if (r === absorbing && !canFault(e.left)) return lit(absorbing, e.origin);
      return e;
    }
    case "eq":
    case "ne": {
      const l = literal(e.left);
      const r = literal(e.right);
      if (l === undefined || r === undefined) return e;
      return lit(literalEquals(l, r) === (e.op === "eq"), e.origin);
    }
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "add":
    case "sub":
    case "mul": {
      const l = literal(e.left);
      const r = literal(e.right);
      if (typeof l !== "number" || typeof r !== "number") return e;
      const value = { lt: l < r, le: l <= r, gt: l > r, ge: l >= r, add: l + r, sub: l - r, mul: l * r }[e.op];
      return lit(value, e.origin);
    }
    case "in": {
      const item = literal(e.item);
      const list = literal(e.list);
      if (item === undefined || !Array.isArray(list)) return e;
      return lit((list as readonly Literal[]).some((x) => literalEquals(x, item)) !== e.negate, e.origin);
    }
    case "startsWith":
    case "endsWith": {
      const s = literal(e.subject);
      const t = literal(e.other);
      if (typeof s !== "string" || typeof t !== "string") return e;
      return lit(e.op === "startsWith" ? s.startsWith(t) : s.endsWith(t), e.origin);
    }
    case "call": {
      const values = e.args.map(literal);
      const reference = referenceFunctions.get(e.fn);
      if (!reference || values.some((v) => v === undefined)) return e;
      try {
        return lit(reference(...values) as Literal, e.origin);
      } catch {
        return e; // a constant call that faults is left to fault at run time, where the rule's effect decides
      }
    }
    default:
      return e;
  }
}

/** Folds every constant sub-expression. */
export function fold(expr: IrExpr): IrExpr {
  return rewrite(expr, foldNode);
}
