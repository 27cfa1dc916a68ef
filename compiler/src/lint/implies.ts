// Implication between conditions: whether a rule's condition is true whenever some known facts hold, as the lints that compare rules need it.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import { conjuncts, contains, unconstrained, type Domain } from "./constraints.js";

/**
 * Whether `condition` (absent: always true) holds whenever the facts do: each of
 * its conjuncts is a comparison whose values contain what `known` allows its path,
 * or an expression `holds` accepts. Anything else is not known to follow.
 */
export function implies(known: ReadonlyMap<string, Domain>, holds: (expr: ast.Expr) => boolean, condition: ast.Expr | undefined, checked: Checked): boolean {
  if (condition === undefined) return true;
  return conjuncts(condition, checked).every((c) => {
    if (c.kind === "atom") return contains(c.atom.domain, known.get(c.atom.key) ?? unconstrained);
    if (c.kind === "other") return holds(c.expr);
    return false;
  });
}
