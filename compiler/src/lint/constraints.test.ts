import { describe, expect, it } from "vitest";
import type { Checked } from "../check/check.js";
import { runPipeline } from "../pipeline.js";
import { conjuncts, contains, domains, isEmpty, type Domain } from "./constraints.js";

/** The checked policy and the domains of the `when` of its rule `r`. */
function whenDomains(condition: string): { checked: Checked; byKey: Map<string, Domain> } {
  const source = `policy p\nenum Role { admin, teller }\nuser { role: Role, level: number }\ntool pay(amount: number, to: string)\nrule r { allow pay when ${condition} }\n`;
  const checked = runPipeline(source, "p.apol", "check").outputs.check!;
  const rule = checked.rules.find((x) => x.name === "r")!;
  return { checked, byKey: domains(conjuncts(rule.when!, checked)) };
}

function empty(condition: string): boolean[] {
  return [...whenDomains(condition).byKey.values()].map(isEmpty);
}

describe("constraints", () => {
  it("intersect bounds with their strictness and find the empty ones", () => {
    expect(empty("args.amount > 5 and args.amount < 3")).toEqual([true]);
    expect(empty("args.amount >= 3 and args.amount <= 3")).toEqual([false]);
    expect(empty("args.amount > 3 and args.amount <= 3")).toEqual([true]);
    expect(empty("args.amount == 3 and args.amount != 3")).toEqual([true]);
    expect(empty("3 < args.amount and args.amount < 4")).toEqual([false]);
    expect(empty("4 < args.amount and args.amount < 4")).toEqual([true]);
  });

  it("treat strings and enum symbols as finite sets, and keep paths apart", () => {
    expect(empty('args.to == "a" and args.to in ["b", "c"]')).toEqual([true]);
    expect(empty('args.to in ["a", "b"] and args.to not in ["a"]')).toEqual([false]);
    expect(empty("user.role == admin and user.role != admin")).toEqual([true]);
    expect(empty("user.role == admin and user.level > 3")).toEqual([false, false]);
  });

  it("leave everything else unconstrained", () => {
    const { checked } = whenDomains("args.amount > 1");
    const rule = checked.rules.find((x) => x.name === "r")!;
    expect(conjuncts(rule.when!, checked).map((c) => c.kind)).toEqual(["atom"]);
    expect(whenDomains("args.amount > 1 or args.amount < 0").byKey.size).toBe(0);
    expect(whenDomains("args.amount + 1 > 1").byKey.size).toBe(0);
  });

  it("decide containment soundly: a range inside a range, a set inside a set, never a range inside a set", () => {
    const one = (condition: string): Domain => [...whenDomains(condition).byKey.values()][0]!;
    expect(contains(one("args.amount > 3"), one("args.amount >= 10"))).toBe(true);
    expect(contains(one("args.amount > 3"), one("args.amount >= 3"))).toBe(false);
    expect(contains(one("args.amount != 5"), one("args.amount > 10"))).toBe(true);
    expect(contains(one("args.amount != 5"), one("args.amount > 1"))).toBe(false);
    expect(contains(one('args.to in ["a", "b"]'), one('args.to == "a"'))).toBe(true);
    expect(contains(one('args.to != "a"'), one('args.to == "b"'))).toBe(true);
    expect(contains(one('args.to != "a"'), one('args.to != "b"'))).toBe(false);
    expect(contains(one("args.amount in [1, 2]"), one("args.amount == 1"))).toBe(false);
  });
});
