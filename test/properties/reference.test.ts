// Properties of the reference evaluator over generated well-typed policies: they check, and decisions are deterministic, deny by default and monotone.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Checked } from "../../compiler/src/check/check.js";
import { renderDiagnostic, renderSource } from "../../compiler/src/diagnostics/render.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { evaluateReference } from "../../compiler/src/reference/evaluate.js";
import type { EvaluationState, Outcome } from "../../runtime/src/contract.js";
import { arbCondition, arbPolicyWithRequests, renderPolicy, type GenPolicy, type PolicyWithRequests } from "./policy-arbitraries.js";

const runs = { numRuns: 300 };

/** Checks generated source; an error shows the diagnostics and the whole source. */
function compile(source: string): Checked {
  const result = runPipeline(source, "generated.apol");
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    const file = renderSource("generated.apol", source);
    throw new Error(`a generated policy has errors:\n${errors.map((d) => renderDiagnostic(d, file)).join("\n")}\n--- source ---\n${source}`);
  }
  return result.outputs.check as Checked;
}

/** Every request in every state. */
function calls(generated: PolicyWithRequests): [unknown, EvaluationState | undefined][] {
  return generated.requests.flatMap((request) => generated.states.map((state): [unknown, EvaluationState | undefined] => [request, state]));
}

function withRules(policy: GenPolicy, rules: GenPolicy["rules"]): string {
  return renderPolicy({ ...policy, rules });
}

function ruleName(checked: Checked, outcome: Outcome): string {
  return typeof outcome.rule === "number" ? (checked.rules[outcome.rule]?.name ?? "?") : outcome.rule;
}

describe("the reference evaluator on generated policies", () => {
  it("gets policies that check without errors", () => {
    fc.assert(
      fc.property(arbPolicyWithRequests(), (generated) => {
        compile(generated.source);
      }),
      runs,
    );
  });

  it("decides the same way twice, and explaining changes nothing but `matched`", () => {
    fc.assert(
      fc.property(arbPolicyWithRequests(), (generated) => {
        const checked = compile(generated.source);
        for (const [request, state] of calls(generated)) {
          const first = evaluateReference(checked, request, state, true);
          expect(evaluateReference(checked, request, state, true)).toEqual(first);
          const { matched, ...quick } = first;
          expect(evaluateReference(checked, request, state, false)).toEqual(quick);
          if (typeof first.rule === "number") expect(matched).toContain(first.rule);
        }
      }),
      runs,
    );
  });

  it("allows nothing once every allow rule is dropped", () => {
    fc.assert(
      fc.property(arbPolicyWithRequests(), (generated) => {
        const checked = compile(
          withRules(
            generated.policy,
            generated.policy.rules.filter((r) => r.effect !== "allow"),
          ),
        );
        for (const [request, state] of calls(generated)) expect(evaluateReference(checked, request, state, false).effect).not.toBe("allow");
      }),
      runs,
    );
  });

  it("denies every undeclared tool, whatever else the request holds", () => {
    const names = fc.oneof(fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "t9", "T0", ""), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(arbPolicyWithRequests(), names, (generated, name) => {
        fc.pre(!generated.policy.schema.tools.some((t) => t.name === name));
        const checked = compile(generated.source);
        for (const [request, state] of calls(generated)) {
          const undeclared = { ...(typeof request === "object" && request !== null && !Array.isArray(request) ? request : {}), tool: name };
          expect(evaluateReference(checked, undeclared, state, true)).toEqual({ effect: "deny", rule: "$unknown-tool", reason: `unknown tool \`${name}\`` });
        }
      }),
      runs,
    );
  });

  it("never turns a decision into an allow or a review by adding a deny rule", () => {
    const withExtra = arbPolicyWithRequests().chain((generated) =>
      arbCondition({ schema: generated.policy.schema, tools: generated.policy.schema.tools }).map((condition) => ({ generated, condition })),
    );
    fc.assert(
      fc.property(withExtra, ({ generated, condition }) => {
        const before = compile(generated.source);
        const after = compile(withRules(generated.policy, [...generated.policy.rules, { name: "zzz", effect: "deny", targets: "*", when: condition }]));
        for (const [request, state] of calls(generated)) {
          const old = evaluateReference(before, request, state, false);
          const now = evaluateReference(after, request, state, false);
          if (now.effect !== "deny") expect({ effect: now.effect, rule: ruleName(after, now) }).toEqual({ effect: old.effect, rule: ruleName(before, old) });
          if (old.effect === "deny") expect(now.effect).toBe("deny");
        }
      }),
      runs,
    );
  });
});
