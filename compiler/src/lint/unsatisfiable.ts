// Lint: a rule whose `when` can never be true, so it never matches (`args.amount > 5 and args.amount < 3`, `x in []`).
import type { Checked } from "../check/check.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { conjuncts, domains, isEmpty, type Conjunct } from "./constraints.js";
import { neverFaults } from "./faults.js";
import type { Finding } from "./finding.js";

/**
 * Reports each rule whose `when` is a conjunction that no call satisfies. A `deny`
 * rule is reported only when nothing in its condition can fault: a fault makes a
 * `deny` rule match, so its `when` being unsatisfiable would not make it dead.
 */
export function unsatisfiable(checked: Checked): Finding[] {
  const found: Finding[] = [];
  for (const rule of checked.rules) {
    if (rule.effect === "redact" || rule.when === undefined) continue;
    const parts = conjuncts(rule.when, checked);
    if (rule.effect === "deny" && !parts.every((p) => p.kind === "atom" && neverFaults(p.atom.path, rule, checked))) continue;
    const why = contradiction(parts);
    if (why === undefined) continue;
    found.push({
      neverDecides: rule.name,
      diagnostic: diagnostic(
        "apol/unsatisfiable-condition",
        rule.when.span,
        `the condition of rule \`${rule.name}\` is never true, so the rule never matches`,
        {
          help: why,
          related: [{ span: rule.decl.name.span, message: "the rule that never matches" }],
        },
      ),
    });
  }
  return found;
}

/** Why a conjunction is unsatisfiable, as a help line; undefined when it may hold. */
function contradiction(parts: readonly Conjunct[]): string | undefined {
  if (parts.some((p) => p.kind === "false")) return "`in []` is never true: nothing is in an empty list";
  for (const [key, domain] of domains(parts)) {
    if (isEmpty(domain)) return `no value of \`${key}\` satisfies every comparison of it; remove the rule or fix the comparisons`;
  }
  return undefined;
}
