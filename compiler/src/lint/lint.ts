// `lint`: findings about a policy that checks clean (targets that cover nothing, rules that can never decide anything, tools every call to which is denied, sums a negative call can lower), computed from the checked policy.
import type { Checked } from "../check/check.js";
import { deadTools } from "./dead-tools.js";
import { duplicates } from "./duplicates.js";
import { emptyTargets } from "./empty-targets.js";
import type { Finding } from "./finding.js";
import { negativeSums } from "./negative-sum.js";
import { shadowed } from "./shadowed.js";
import { unsatisfiable } from "./unsatisfiable.js";

/**
 * Every lint finding for `checked`, which must have no errors. Each lint is sound:
 * when it cannot decide a question it reports nothing. A rule reported by
 * several lints is reported by the first only (empty target, unsatisfiable,
 * duplicate, shadowed).
 */
export function lint(checked: Checked): Finding[] {
  const found: Finding[] = [];
  const reported = new Set<string>();
  for (const run of [emptyTargets, unsatisfiable, duplicates, shadowed]) {
    for (const finding of run(checked)) {
      if (finding.neverDecides !== undefined && reported.has(finding.neverDecides)) continue;
      if (finding.neverDecides !== undefined) reported.add(finding.neverDecides);
      found.push(finding);
    }
  }
  // Last: a tool is dead when every rule that could allow it is among the rules reported above.
  found.push(...deadTools(checked, reported));
  found.push(...negativeSums(checked));
  return found.sort((a, b) => a.diagnostic.span.start - b.diagnostic.span.start);
}
