import { describe, expect, it } from "vitest";
import { applyFix } from "../../../test/harness/observed.js";
import { lintSource } from "./lint-source.js";

/** The `apol/negative-sum` findings of a policy. */
function negativeSums(source: string) {
  return lintSource(source, "p.apol").findings.filter((f) => f.diagnostic.code === "apol/negative-sum");
}

describe("apol/negative-sum", () => {
  it("its fix adds a deny that silences it, under a name no rule has, and the fixed policy checks clean", () => {
    const source = [
      "policy p",
      "tool pay(amount: number)",
      "rule no_negative_amount { allow pay when args.amount <= 100 }",
      "rule cap { deny pay when sum(pay.amount, 24h) + args.amount > 1000 }",
      "",
    ].join("\n");
    const [finding] = negativeSums(source);
    expect(finding?.diagnostic.fix?.title).toBe("add rule `no_negative_amount_2`");
    const fixed = applyFix(source, finding!.diagnostic.fix!);
    expect(lintSource(fixed, "p.apol").diagnostics).toEqual([]);
  });

  it("reports each sum of the argument, in a `when` or an `unless`, and none of another tool's", () => {
    const source = [
      "policy p",
      "tool pay(amount: number)",
      "tool refund(amount: number)",
      "rule pays { allow pay }",
      "rule refunds { allow refund when args.amount > 0 }",
      "rule cap { deny pay when sum(pay.amount, 1h) > 10 unless sum(pay.amount, 1d) + sum(refund.amount, 1d) < 0 }",
      "",
    ].join("\n");
    expect(negativeSums(source).map((f) => source.slice(f.diagnostic.span.start, f.diagnostic.span.end))).toEqual(["pay.amount", "pay.amount"]);
  });
});
