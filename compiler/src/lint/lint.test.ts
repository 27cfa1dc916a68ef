import { describe, expect, it } from "vitest";
import type { Span } from "../source/span.js";
import { lintSource } from "./lint-source.js";

/** Each finding as its code, underlined text, related spans' texts and labels, and what it proves. */
function findings(source: string): unknown[] {
  const text = (span: Span): string => source.slice(span.start, span.end);
  return lintSource(source, "p.apol").findings.map((f) => ({
    code: f.diagnostic.code,
    underlined: text(f.diagnostic.span),
    related: (f.diagnostic.related ?? []).map((r) => [text(r.span), r.message]),
    ...(f.neverDecides === undefined ? {} : { neverDecides: f.neverDecides }),
    ...(f.deadTool === undefined ? {} : { deadTool: f.deadTool }),
  }));
}

describe("lint", () => {
  it("calls a tool dead when its every allow and review rule never decides, and points at those rules", () => {
    const source = [
      "policy p",
      "tool pay(amount: number)",
      "tool read(path: string)",
      "rule cap { deny pay when args.amount > 1000 }",
      "rule big { allow pay when args.amount >= 5000 }",
      "rule odd { review pay when args.amount > 5 and args.amount < 3 }",
      'rule reads { allow read when args.path like "/tmp/**" }',
      'rule no_tmp { deny read when args.path startsWith "/tmp/" }',
      "",
    ].join("\n");
    expect(findings(source)).toEqual([
      {
        code: "apol/dead-tool",
        underlined: "pay",
        related: [
          ["big", "rule `big` targets it but never decides"],
          ["odd", "rule `odd` targets it but never decides"],
        ],
        deadTool: "pay",
      },
      { code: "apol/dead-tool", underlined: "read", related: [["reads", "rule `reads` targets it but never decides"]], deadTool: "read" },
      { code: "apol/shadowed-rule", underlined: "big", related: [["cap", "the deny rule that overrides it"]], neverDecides: "big" },
      {
        code: "apol/unsatisfiable-condition",
        underlined: "args.amount > 5 and args.amount < 3",
        related: [["odd", "the rule that never matches"]],
        neverDecides: "odd",
      },
      { code: "apol/shadowed-rule", underlined: "reads", related: [["no_tmp", "the deny rule that overrides it"]], neverDecides: "reads" },
    ]);
  });

  it("says a rule whose every target is empty never decides, once, and a partly empty one still decides", () => {
    const source =
      "policy p\ntool read(path: string) tier 1\nrule reads { allow read, tier == 2 }\nrule wipe { deny tier >= 2, tier == 0 }\nrule hide { redact tier == 3 output.x }\n";
    expect(findings(source)).toEqual([
      { code: "apol/empty-target", underlined: "tier == 2", related: [] },
      { code: "apol/empty-target", underlined: "tier >= 2", related: [], neverDecides: "wipe" },
      { code: "apol/empty-target", underlined: "tier == 0", related: [] },
      { code: "apol/empty-target", underlined: "tier == 3", related: [] },
    ]);
  });

  it("reports `*` in a policy without tools", () => {
    const [finding] = lintSource("policy p\nrule none { deny * }\n", "p.apol").findings;
    expect(finding?.diagnostic.message).toBe("`*` covers no tool: the policy declares none, so rule `none` never applies");
    expect(finding?.diagnostic.help).toBe("declare the tools the policy governs");
  });
});
