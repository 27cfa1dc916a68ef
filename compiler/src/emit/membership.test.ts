// `in` over an enum-typed identity field is emitted as a bit test: it decides as the reference evaluator does, faults included.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../pipeline.js";
import { evaluateReference } from "../reference/evaluate.js";
import type { Outcome } from "@apol/runtime";
import { compiledModule } from "../../../test/harness/compiled-module.js";

const policy = `policy membership
enum Role { admin, clerk, guest, auditor }
user { id: string, role: Role }
tool pay(amount: number)
tool look(n: int)
rule staff { allow pay when user.role in [admin, clerk] and args.amount <= 100 }
rule none { deny pay when user.role in [] }
rule outsiders { deny look when not (user.role in [admin, clerk, auditor]) }
rule looks { allow look when user.role in [guest, auditor] or args.n == 1 }
`;

const users: unknown[] = [
  { id: "u", role: "admin" },
  { id: "u", role: "clerk" },
  { id: "u", role: "guest" },
  { id: "u", role: "auditor" },
  { id: "u", role: "root" },
  { id: "u", role: 1 },
  { id: "u", role: null },
  { id: "u" },
  { id: "u", role: ["admin"] },
  ["admin"],
  "admin",
  null,
  undefined,
];

/** What the differential property compares of an outcome: a rule's reason is its table's, a reserved rule's its own. */
function compared({ effect, rule, reason, fault, matched }: Outcome, explain: boolean): Record<string, unknown> {
  return { effect, rule, fault, ...(typeof rule === "string" ? { reason } : {}), ...(explain ? { matched } : {}) };
}

describe("an enum identity field tested with `in`", () => {
  it("decides every role, member or not, missing or mistyped, as the reference evaluator", async () => {
    const result = runPipeline(policy, "membership.apol", "check");
    const checked = result.outputs.check!;
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const module = await compiledModule(policy, "membership.apol");
    for (const user of users)
      for (const [tool, args] of [
        ["pay", { amount: 50 }],
        ["pay", { amount: 500 }],
        ["look", { n: 1 }],
        ["look", { n: 2 }],
      ] as const) {
        const request = user === undefined ? { tool, args } : { tool, args, user };
        for (const explain of [false, true]) {
          const expected = evaluateReference(checked, request, undefined, explain);
          expect(compared(module.evaluate(request, undefined, explain), explain), JSON.stringify(request)).toEqual(compared(expected, explain));
        }
      }
  });
});
