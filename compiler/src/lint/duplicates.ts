// Lint: a rule that repeats an earlier one (same effect, tools and conditions), so the earlier one always decides in its place.
import type { Checked } from "../check/check.js";
import type { CheckedRule } from "../check/rules.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import type { Finding } from "./finding.js";
import { exprKey } from "./same-expr.js";

/**
 * Reports each rule with the same effect, the same tools and the same `when`
 * and `unless` as an earlier rule: both match (or fault) on exactly the same
 * calls, and the earlier one comes first in source order.
 */
export function duplicates(checked: Checked): Finding[] {
  const found: Finding[] = [];
  // One pass over the rules, keyed by what decides: comparing every pair took minutes on a large policy.
  const firstByKey = new Map<string, CheckedRule>();
  for (const rule of checked.rules) {
    if (rule.effect === "redact") continue;
    const key = JSON.stringify([rule.effect, [...new Set(rule.tools)].sort(), exprKey(rule.when), exprKey(rule.unless)]);
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, rule);
      continue;
    }
    found.push({
      neverDecides: rule.name,
      diagnostic: diagnostic("apol/duplicate-rule", rule.decl.name.span, `rule \`${rule.name}\` repeats rule \`${first.name}\`, which always decides first`, {
        help: `remove \`${rule.name}\``,
        related: [{ span: first.decl.name.span, message: "the earlier rule" }],
      }),
    });
  }
  return found;
}
