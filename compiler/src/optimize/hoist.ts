// Hoists sub-expressions shared by several rule checks of one tool, so each is computed once per call.
import type { IrExpr, RuleCheck, ToolNode } from "../ir/decision-tree.js";
import { canFault } from "../ir/lower.js";
import { children } from "../ir/traverse.js";
import { rewrite } from "./rewrite.js";

/** A structural key: equal keys mean equal expressions (origins ignored). */
function key(expr: IrExpr): string {
  return JSON.stringify(expr, (k, v: unknown) => (k === "origin" ? undefined : v === Infinity ? "Infinity" : v));
}

function size(expr: IrExpr): number {
  return 1 + children(expr).reduce((n, c) => n + size(c), 0);
}

/** Whether a hoisted copy computes the same value: total, and free of bound variables (`it`, quantifier variables). */
function hoistable(expr: IrExpr): boolean {
  const bound = (e: IrExpr): boolean =>
    e.op === "var" || e.op === "it" || e.op === "it-tool" || (e.op === "has" && (e.root === "var" || e.root === "it")) || children(e).some(bound);
  // Leaves are as cheap to read as a hoisted local; hoisting them would only add noise.
  return children(expr).length > 0 && !canFault(expr) && !bound(expr);
}

/**
 * Repeatedly hoists the largest hoistable expression that occurs in at least two checks.
 * INVARIANT (eager-is-safe): hoisted expressions cannot fault and have no side effects,
 * so computing them before the checks (even ones that return early) changes no decision.
 */
export function hoist(tool: ToolNode): ToolNode {
  let checks: readonly RuleCheck[] = tool.checks;
  const hoisted: IrExpr[] = [...tool.hoisted];
  for (;;) {
    const checksUsing = new Map<string, { expr: IrExpr; checks: Set<number> }>();
    checks.forEach((check, i) => {
      const visit = (e: IrExpr): void => {
        if (hoistable(e)) {
          const k = key(e);
          const entry = checksUsing.get(k) ?? { expr: e, checks: new Set<number>() };
          entry.checks.add(i);
          checksUsing.set(k, entry);
        }
        children(e).forEach(visit);
      };
      visit(check.condition);
    });
    let best: { key: string; expr: IrExpr } | undefined;
    for (const [k, entry] of checksUsing) {
      if (entry.checks.size < 2) continue;
      if (!best || size(entry.expr) > size(best.expr) || (size(entry.expr) === size(best.expr) && k < best.key)) best = { key: k, expr: entry.expr };
    }
    if (!best) break;
    const index = hoisted.length;
    hoisted.push(best.expr);
    const target = best.key;
    checks = checks.map((check) => ({
      ...check,
      condition: rewrite(check.condition, (e) => (key(e) === target ? { op: "hoisted", index, origin: e.origin } : e)),
    }));
  }
  return { ...tool, checks, hoisted };
}
