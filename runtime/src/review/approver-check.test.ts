// Review rules that can never be released with the enforcer's approvers.
import { describe, expect, it } from "vitest";
import type { Approvers } from "./approval.js";
import type { RuleInfo } from "../contract.js";
import { unreleasableReviews } from "./approver-check.js";

const rule = (name: string, approvals?: RuleInfo["approvals"]): RuleInfo => ({
  name,
  effect: "review",
  reason: "",
  file: "p.apol",
  line: 1,
  column: 1,
  ...(approvals ? { approvals } : {}),
});
const keysFor = (...names: string[]): Approvers => ({ has: (n) => names.includes(n), verify: () => false });

describe("unreleasableReviews", () => {
  it("names each review rule too few of whose listed approvers have a key, and no other", () => {
    const rules = [
      rule("two_of_finance", { required: 2, from: ["cfo", "treasurer", "controller"] }),
      rule("one_of_ops", { required: 1, from: ["oncall"] }),
      rule("anyone", { required: 1, from: [] }),
      { ...rule("plain"), effect: "allow" as const },
    ];
    expect(unreleasableReviews(rules, keysFor("cfo", "oncall"))).toEqual([
      "rule `two_of_finance` needs 2 of `cfo`, `treasurer`, `controller`, and the enforcer has no key for `treasurer`, `controller`: its reviews can only expire",
    ]);
    expect(unreleasableReviews(rules, keysFor("cfo", "treasurer", "oncall"))).toEqual([]);
    expect(unreleasableReviews(rules, undefined)).toEqual([
      "rule `two_of_finance` needs 2 of `cfo`, `treasurer`, `controller`, and the enforcer has no key for `cfo`, `treasurer`, `controller`: its reviews can only expire",
      "rule `one_of_ops` needs 1 of `oncall`, and the enforcer has no key for `oncall`: its reviews can only expire",
      "rule `anyone` needs 1 approval, and the enforcer has no approvers: its reviews can only expire (pass `approvers`)",
    ]);
  });
});
