// Lint: a rule that repeats an earlier one (same effect, tools and conditions), so the earlier one always decides in its place.
import type { Checked } from "../check/check.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import type { Finding } from "./finding.js";
import { sameExpr } from "./same-expr.js";

/**
 * Reports each rule with the same effect, the same tools and the same `when`
 * and `unless` as an earlier rule: both match (or fault) on exactly the same
 * calls, and the earlier one comes first in source order.
 */
export function duplicates(checked: Checked): Finding[] {
  const found: Finding[] = [];
  const rules = checked.rules.filter((r) => r.effect !== "redact");
  rules.forEach((rule, i) => {
    const first = rules
      .slice(0, i)
      .find((e) => e.effect === rule.effect && e.tools.length === rule.tools.length && rule.tools.every((t) => e.tools.includes(t)) && sameExpr(e.when, rule.when) && sameExpr(e.unless, rule.unless));
    if (first === undefined) return;
    found.push({
      neverDecides: rule.name,
      diagnostic: diagnostic("apol/duplicate-rule", rule.decl.name.span, `rule \`${rule.name}\` repeats rule \`${first.name}\`, which always decides first`, {
        help: `remove \`${rule.name}\``,
        related: [{ span: first.decl.name.span, message: "the earlier rule" }],
      }),
    });
  });
  return found;
}
