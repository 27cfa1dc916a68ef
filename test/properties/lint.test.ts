// Soundness of the lints: a rule `apol lint` reports as never deciding is never the deciding rule, on generated policies
// seeded with rules the lints should catch (and near misses they must not) and on generated requests and states.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintSource } from "../../compiler/src/lint/lint-source.js";
import { loadPolicy } from "../../compiler/src/load.js";
import { indexState } from "../../runtime/src/snapshot.js";
import { arbPolicyWithRequests, renderPolicy, type GenRule, type GenSchema } from "./policy-arbitraries.js";

/** At least this many decisions are checked per run. */
const minimumDecisions = 10_000;

/** Rules over a number argument that the lints should report, or must not: unsatisfiable, shadowed, and satisfiable near misses. */
function baitRules(schema: GenSchema): fc.Arbitrary<GenRule[]> {
  // Required arguments only: reading an optional one needs a `has` guard.
  const numeric = schema.tools.flatMap((t) => t.params.filter((p) => !p.optional && (p.type.kind === "number" || p.type.kind === "int")).map((p) => ({ tool: t.name, param: p.name })));
  if (numeric.length === 0) return fc.constant([]);
  const templates = (tool: string, p: string, i: number): GenRule[] => [
    { name: `bait_unsat_${i}`, effect: "allow", targets: tool, when: `args.${p} > 3 and args.${p} < 1` },
    { name: `bait_unsat_deny_${i}`, effect: "deny", targets: tool, when: `args.${p} >= 10 and args.${p} <= 3` },
    { name: `bait_point_${i}`, effect: "allow", targets: tool, when: `args.${p} >= 3 and args.${p} <= 3` },
    { name: `bait_big_${i}`, effect: "allow", targets: tool, when: `args.${p} >= 10` },
    { name: `bait_cap_${i}`, effect: "deny", targets: tool, when: `args.${p} > 3` },
    { name: `bait_review_${i}`, effect: "review", targets: tool, when: `args.${p} >= 1` },
    { name: `bait_again_${i}`, effect: "allow", targets: tool, when: `args.${p} >= 10` },
  ];
  return fc
    .array(
      fc.constantFrom(...numeric).chain((n) => fc.nat({ max: 99 }).chain((i) => fc.subarray(templates(n.tool, n.param, i)))),
      { maxLength: 2 },
    )
    .map((groups) => {
      // One group per (tool, param, i): names stay unique as long as `i` differs.
      const seen = new Set<string>();
      return groups.flat().filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
    });
}

describe("lint findings are sound", () => {
  it(`a rule reported as never deciding decides none of at least ${minimumDecisions} generated calls`, async () => {
    let decisions = 0;
    let reported = 0;
    const arbitrary = arbPolicyWithRequests().chain((generated) =>
      baitRules(generated.policy.schema).chain((bait) =>
        fc.shuffledSubarray([...generated.policy.rules, ...bait], { minLength: generated.policy.rules.length + bait.length }).map((rules) => ({ ...generated, source: renderPolicy({ ...generated.policy, rules }) })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ source, requests, states }) => {
        const { findings } = lintSource(source, "gen.apol");
        const dead = new Set(findings.flatMap((f) => (f.neverDecides === undefined ? [] : [f.neverDecides])));
        reported += dead.size;
        const loaded = await loadPolicy(source, "gen.apol");
        if (!loaded.ok) throw new Error(`generated policy did not compile:\n${source}\n${loaded.diagnostics.map((d) => d.message).join("\n")}`);
        const module = loaded.module;
        for (const state of states) {
          for (const request of requests) {
            const outcome = module.evaluate(request, state === undefined ? undefined : indexState(state, module.needs), false);
            decisions++;
            const rule = typeof outcome.rule === "number" ? module.rules[outcome.rule]?.name : undefined;
            if (rule !== undefined && dead.has(rule)) {
              throw new Error(`lint says \`${rule}\` never decides, but it decided ${JSON.stringify(request)} in ${JSON.stringify(state)}:\n${source}`);
            }
          }
        }
      }),
      { numRuns: 1500 },
    );
    expect(decisions).toBeGreaterThanOrEqual(minimumDecisions);
    // The bait makes the property bite: the lints did report rules.
    expect(reported).toBeGreaterThan(200);
  }, 120_000);
});
