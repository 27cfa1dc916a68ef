// Lint: an `allow` or `review` rule that a `deny` rule always overrides (the deny covers its tools and its condition follows from the rule's).
import type { Expr } from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { conjuncts, domains } from "./constraints.js";
import type { Finding } from "./finding.js";
import { implies } from "./implies.js";
import { sameExpr } from "./same-expr.js";

/**
 * Reports each `allow` or `review` rule R for which some `deny` rule D without
 * `unless` targets every tool of R and has a condition implied by R's `when`:
 * whenever R matches, D's condition is true (or faults, which also makes a deny
 * match), and a matching deny decides before any allow or review.
 */
export function shadowed(checked: Checked): Finding[] {
  const found: Finding[] = [];
  const denies = checked.rules.filter((r) => r.effect === "deny" && r.unless === undefined);
  for (const rule of checked.rules) {
    if ((rule.effect !== "allow" && rule.effect !== "review") || rule.tools.length === 0) continue;
    const parts = rule.when === undefined ? [] : conjuncts(rule.when, checked);
    const known = domains(parts);
    const written = (expr: Expr): boolean => parts.some((p) => p.kind === "other" && sameExpr(p.expr, expr));
    const deny = denies.find((d) => rule.tools.every((t) => d.tools.includes(t)) && implies(known, written, d.when, checked));
    if (deny === undefined) continue;
    found.push({
      neverDecides: rule.name,
      diagnostic: diagnostic(
        "apol/shadowed-rule",
        rule.decl.name.span,
        `rule \`${rule.name}\` never decides: rule \`${deny.name}\` denies every call it matches`,
        {
          help: `remove \`${rule.name}\`, or narrow \`${deny.name}\` so that it leaves these calls alone`,
          related: [{ span: deny.decl.name.span, message: "the deny rule that overrides it" }],
        },
      ),
    });
  }
  return found;
}
