// Runs every call of the decision corpus through every executor, with and without explanation.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPolicy, executors } from "./executors.js";
import { loadDecisionCases, type ExpectedDecision } from "./loader.js";
import type { NamedDecision } from "./executors.js";

const cases = loadDecisionCases(fileURLToPath(new URL(".", import.meta.url)));

/** The parts of a decision the case pins down: effect, rule and fault always, reason and matched when given. */
function comparable(decision: NamedDecision, expected: ExpectedDecision, explain: boolean): Partial<NamedDecision> {
  return {
    effect: decision.effect,
    rule: decision.rule,
    ...(expected.reason !== undefined ? { reason: decision.reason } : {}),
    ...(explain && expected.matched !== undefined ? { matched: decision.matched } : {}),
    ...(decision.fault !== undefined || expected.fault !== undefined ? { fault: decision.fault } : {}),
  };
}

describe("decision corpus", () => {
  beforeAll(async () => {
    for (const executor of executors) for (const c of cases) await executor.prepare?.(c.policy);
  });

  it("has cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });

  it("has cases for every executor: one that takes only some policies takes many", () => {
    for (const executor of executors) expect(cases.filter((c) => executor.accepts?.(c.policy) !== false).length, executor.name).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases) {
    describe(c.file, () => {
      it("checks without errors", () => {
        expect(() => checkPolicy(c.policy)).not.toThrow();
      });

      for (const executor of executors) {
        it(`decides as expected with ${executor.name}`, (ctx) => {
          if (executor.accepts?.(c.policy) === false) return ctx.skip(`${executor.name} does not take this policy`);
          c.calls.forEach((call, i) => {
            const where = `${c.file} calls[${i}] (${c.note.trim()})`;
            const explained = executor.decide(c.policy, call.request, call.state, true);
            const quick = executor.decide(c.policy, call.request, call.state, false);
            const { matched: _, ...wanted } = call.expect;
            expect(comparable(explained, call.expect, true), `${where}, explaining`).toEqual(call.expect);
            expect(comparable(quick, call.expect, false), `${where}, not explaining`).toEqual(wanted);
            expect(quick.matched, `${where}: \`matched\` only with explanation`).toBeUndefined();
            expect(Array.isArray(explained.matched) || explained.rule.startsWith("$"), `${where}: \`matched\` with explanation`).toBe(true);
          });
        });
      }
    });
  }
});
