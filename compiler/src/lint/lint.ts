// `lint`: findings about a policy that checks clean (rules that can never decide anything), computed from the checked policy.
import type { Checked } from "../check/check.js";
import { duplicates } from "./duplicates.js";
import type { Finding } from "./finding.js";
import { shadowed } from "./shadowed.js";
import { unsatisfiable } from "./unsatisfiable.js";

/**
 * Every lint finding for `checked`, which must have no errors. Each lint is sound:
 * when it cannot decide a question it reports nothing. A rule reported by
 * several lints is reported by the first only (unsatisfiable, duplicate, shadowed).
 */
export function lint(checked: Checked): Finding[] {
  const found: Finding[] = [];
  const reported = new Set<string>();
  for (const run of [unsatisfiable, duplicates, shadowed]) {
    for (const finding of run(checked)) {
      if (finding.neverDecides !== undefined && reported.has(finding.neverDecides)) continue;
      if (finding.neverDecides !== undefined) reported.add(finding.neverDecides);
      found.push(finding);
    }
  }
  return found.sort((a, b) => a.diagnostic.span.start - b.diagnostic.span.start);
}
