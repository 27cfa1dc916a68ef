// Hoists sub-expressions shared by several rule checks of one tool, so each is computed once per call.
import type { IrExpr, RuleCheck, ToolNode } from "../ir/decision-tree.js";
import { canFault } from "../ir/lower.js";
import { children, mapChildren } from "../ir/traverse.js";
import { Shapes } from "./shapes.js";

/** The text a tie between candidates of one size is broken by: the expression as JSON, origins left out. */
function key(expr: IrExpr): string {
  return JSON.stringify(expr, (k, v: unknown) => (k === "origin" ? undefined : v === Infinity ? "Infinity" : v));
}

/** Reads a bound variable (`it`, a quantifier's) itself, so a copy hoisted out of its scope would not compute the same value. */
function readsBound(e: IrExpr): boolean {
  return e.op === "var" || e.op === "it" || e.op === "it-tool" || (e.op === "has" && (e.root === "var" || e.root === "it"));
}

function size(expr: IrExpr): number {
  let n = 1;
  for (const c of children(expr)) n += size(c);
  return n;
}

/** A shape used by the checks: its first occurrence (in check order, outside in), and how many checks use it. */
interface Use {
  readonly expr: IrExpr;
  checks: number;
  lastCheck: number;
}

/**
 * Repeatedly hoists the largest hoistable expression that occurs in at least two checks (of those of one size,
 * the first by `key`). Shapes are numbered (`Shapes`) only for hoistable expressions, each node once, so a
 * round costs one walk of the checks, not a serialisation of every sub-expression.
 * INVARIANT (eager-is-safe): hoisted expressions cannot fault and have no side effects,
 * so computing them before the checks (even ones that return early) changes no decision.
 */
export function hoist(tool: ToolNode): ToolNode {
  if (tool.checks.length < 2) return tool;
  const shapes = new Shapes();
  // Whether a hoisted copy computes the same value: it cannot fault, and reads no bound variable (`it`, quantifier
  // variables) anywhere inside. Remembered per node; sub-expressions are asked first, so `canFault` is asked only
  // of a node none of whose sub-expressions can fault (if one can, so can the node).
  const total = new Map<IrExpr, boolean>();
  const isTotal = (e: IrExpr): boolean => {
    let found = total.get(e);
    if (found === undefined) total.set(e, (found = children(e).every(isTotal) && !readsBound(e) && !canFault(e)));
    return found;
  };
  // Leaves are as cheap to read as a hoisted local; hoisting them would only add noise.
  const hoistable = (e: IrExpr): boolean => children(e).length > 0 && isTotal(e);
  let checks: readonly RuleCheck[] = tool.checks;
  const hoisted: IrExpr[] = [...tool.hoisted];
  for (;;) {
    const uses = new Map<number, Use>();
    checks.forEach((check, i) => {
      const visit = (e: IrExpr): void => {
        if (hoistable(e)) {
          const id = shapes.id(e);
          const use = uses.get(id);
          if (!use) uses.set(id, { expr: e, checks: 1, lastCheck: i });
          else if (use.lastCheck !== i) {
            use.checks++;
            use.lastCheck = i;
          }
        }
        for (const c of children(e)) visit(c);
      };
      visit(check.condition);
    });
    let best: { id: number; expr: IrExpr; size: number; key?: string } | undefined;
    for (const [id, use] of uses) {
      if (use.checks < 2) continue;
      const n = size(use.expr);
      if (!best || n > best.size) best = { id, expr: use.expr, size: n };
      else if (n === best.size) {
        const k = key(use.expr);
        if (k < (best.key ??= key(best.expr))) best = { id, expr: use.expr, size: n, key: k };
      }
    }
    if (!best) break;
    const index = hoisted.length;
    hoisted.push(best.expr);
    const target = best.id;
    // An occurrence is replaced whole: nothing inside it can be the same shape again.
    const replace = (e: IrExpr): IrExpr => (hoistable(e) && shapes.id(e) === target ? { op: "hoisted", index, origin: e.origin } : mapChildren(e, replace));
    checks = checks.map((check) => {
      const condition = replace(check.condition);
      return condition === check.condition ? check : { ...check, condition };
    });
  }
  return hoisted.length === tool.hoisted.length ? tool : { ...tool, checks, hoisted };
}
