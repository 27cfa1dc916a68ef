// The generated code against the executable spec: for generated well-typed policies and requests, the compiled module
// (optimized and not) decides exactly as the reference evaluator, effect, deciding rule, reason, fault and matched set.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Checked } from "../../compiler/src/check/check.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { evaluateReference } from "../../compiler/src/reference/evaluate.js";
import type { EvaluationState, Outcome, PolicyModule } from "../../runtime/src/contract.js";
import { indexState } from "../../runtime/src/session/snapshot.js";
import { arbPolicyWithRequests } from "./policy-arbitraries.js";
import { compiledModule } from "../harness/compiled-module.js";

/** At least this many decisions are compared per run (each request, in each state, with and without explanation). */
const minimumComparisons = 10_000;

/** A failing case in the decision corpus's format, to paste into `test/decisions/regressions/`. */
function asCorpusCase(source: string, request: unknown, state: EvaluationState | undefined, expected: Outcome, checked: Checked): string {
  const rule = typeof expected.rule === "number" ? checked.rules[expected.rule]?.name : expected.rule;
  return [
    "note: found by the differential property test",
    "policy: |",
    ...source.split("\n").map((l) => `  ${l}`),
    ...(state ? [`state: ${JSON.stringify(state)}`] : []),
    "calls:",
    `  - request: ${JSON.stringify(request)}`,
    `    expect: { effect: ${expected.effect}, rule: ${JSON.stringify(rule)} }`,
  ].join("\n");
}

describe("generated modules agree with the reference evaluator", () => {
  it(`on at least ${minimumComparisons} generated decisions, optimizer on and off`, async () => {
    let comparisons = 0;
    await fc.assert(
      fc.asyncProperty(arbPolicyWithRequests(), async ({ source, requests, states }) => {
        const checked = runPipeline(source, "gen.apol", "check").outputs.check as Checked;
        const modules: [string, PolicyModule][] = [];
        for (const optimize of [true, false]) {
          modules.push([optimize ? "optimized" : "unoptimized", await compiledModule(source, "gen.apol", { optimize })]);
        }
        for (const state of states) {
          for (const request of requests) {
            for (const explain of [false, true]) {
              const expected = evaluateReference(checked, request, state, explain);
              for (const [name, module] of modules) {
                // The runtime reads the state as a store keeps it: indexed, with only what the policy's `needs` asks for.
                const actual = module.evaluate(request, state === undefined ? undefined : indexState(state, module.needs), explain);
                comparisons++;
                const same =
                  actual.effect === expected.effect &&
                  actual.rule === expected.rule &&
                  (typeof expected.rule === "number" || actual.reason === expected.reason) &&
                  actual.fault === expected.fault &&
                  (!explain || JSON.stringify(actual.matched) === JSON.stringify(expected.matched));
                if (!same) {
                  throw new Error(
                    `${name} module disagrees with the reference (explain: ${explain}):\n` +
                      `reference: ${JSON.stringify(expected)}\nmodule:    ${JSON.stringify(actual)}\n\n${asCorpusCase(source, request, state, expected, checked)}`,
                  );
                }
              }
            }
          }
        }
      }),
      { numRuns: 700 },
    );
    expect(comparisons).toBeGreaterThanOrEqual(minimumComparisons);
  });
});
