// `in` over an enum-typed identity field is emitted as a bit test: it decides as the reference evaluator does, faults included.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../pipeline.js";
import { evaluateReference } from "../reference/evaluate.js";
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
          // What the differential property compares: a reserved rule's reason too, a rule's is the module's table's.
          const { effect, rule, reason, fault, matched } = evaluateReference(checked, request, undefined, explain);
          const expected = { effect, rule, fault, ...(typeof rule === "string" ? { reason } : {}), ...(explain ? { matched } : {}) };
          const actual = module.evaluate(request, undefined, explain);
          expect({ effect: actual.effect, rule: actual.rule, fault: actual.fault, ...(typeof rule === "string" ? { reason: actual.reason } : {}), ...(explain ? { matched: actual.matched } : {}) }, JSON.stringify(request)).toEqual(expected);
        }
      }
  });
});
