import { describe, expect, it } from "vitest";
import type { Checked } from "../check/check.js";
import { runPipeline } from "../pipeline.js";
import { conjuncts, contains, domains, isEmpty, type Domain } from "./constraints.js";

/** The checked policy and the domains of the `when` of its rule `r`. */
function whenDomains(condition: string): { checked: Checked; byKey: Map<string, Domain> } {
  const source = `policy p\nenum Role { admin, teller }\nuser { role: Role, level: number }\nconst etc = "/etc/"\ntool pay(amount: number, to: string)\nrule r { allow pay when ${condition} }\n`;
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

  it("read string tests as patterns, an exact glob as a value, and only on paths", () => {
    expect(empty('args.to like "/etc/**" and args.to startsWith "/tmp/"')).toEqual([true]);
    expect(empty('args.to startsWith etc and args.to like "/etc/*"')).toEqual([false]);
    expect(empty('args.to like "/etc/*" and args.to startsWith "/etc/ssh/"')).toEqual([true]);
    expect(empty('args.to == "/etc/passwd" and args.to like "/etc/*"')).toEqual([false]);
    expect(empty('args.to in ["/etc/a/b", "/tmp/x"] and args.to like "/etc/*"')).toEqual([true]);
    expect(empty('args.to like "/etc/passwd" and args.to != "/etc/passwd"')).toEqual([true]);
    expect(empty('args.to matches "[0-9]" and args.to == "abc"')).toEqual([true]);
    expect(empty('args.to matches "[0-9]" and args.to startsWith "a"')).toEqual([false]);
    const { checked } = whenDomains('lower(args.to) like "/etc/**"');
    const rule = checked.rules.find((x) => x.name === "r")!;
    expect(conjuncts(rule.when!, checked).map((c) => c.kind)).toEqual(["other"]);
  });

  it("decide containment of patterns: a narrower prefix, an exact value, never across a `/` for `*`", () => {
    const one = (condition: string): Domain => [...whenDomains(condition).byKey.values()][0]!;
    expect(contains(one('args.to like "/**"'), one('args.to like "/etc/**"'))).toBe(true);
    expect(contains(one('args.to like "/*"'), one('args.to like "/etc/*"'))).toBe(false);
    expect(contains(one('args.to like "/etc/*"'), one('args.to == "/etc/passwd"'))).toBe(true);
    expect(contains(one('args.to like "/etc/*"'), one('args.to in ["/etc/passwd", "/etc/ssh/key"]'))).toBe(false);
    expect(contains(one('args.to != "/tmp/x"'), one('args.to startsWith "/etc/"'))).toBe(true);
    expect(contains(one('args.to != "/etc/x"'), one('args.to startsWith "/etc/"'))).toBe(false);
    expect(contains(one('args.to startsWith "/etc/"'), one('args.to != "/etc/x"'))).toBe(false);
    expect(contains(one('args.to matches "[0-9]"'), one('args.to matches "[0-9]"'))).toBe(true);
    expect(contains(one('args.to matches "[0-9]"'), one('args.to startsWith "1"'))).toBe(false);
  });
});
