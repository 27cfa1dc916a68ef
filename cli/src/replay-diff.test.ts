import type { Decision } from "@apol/runtime";
import { describe, expect, it } from "vitest";
import { memoryIo } from "./memory-io.js";
import { DecisionDiff, changed } from "./replay-diff.js";

function decision(effect: Decision["effect"], rule: string, id = "d1"): Decision {
  return { id, effect, rule, reason: "", policy: "p", policyHash: "sha256:0", tool: "pay", session: "s-1" };
}

describe("DecisionDiff", () => {
  it("counts a step as changed when its effect or its deciding rule differs", () => {
    expect(changed(decision("allow", "a"), decision("allow", "a"))).toBe(false);
    expect(changed(decision("allow", "a"), decision("allow", "b"))).toBe(true);
    expect(changed(decision("allow", "a"), decision("deny", "a"))).toBe(true);
  });

  it("groups changes by old effect, new effect and new rule, largest first, with at most five examples each", () => {
    const diff = new DecisionDiff();
    expect(diff.add(1, decision("allow", "small"), decision("allow", "small"))).toBe(false);
    for (let line = 2; line <= 8; line++) diff.add(line, decision("allow", "small"), decision("deny", "cap"));
    diff.add(9, decision("review", "big"), decision("deny", "$default"));
    const io = memoryIo();
    diff.print(io);
    expect(io.out()).toBe(
      [
        "9 steps, 8 changed",
        "",
        "allow → deny by cap: 7 steps",
        "  line 2  s-1  pay  was allow by small",
        "  line 3  s-1  pay  was allow by small",
        "  line 4  s-1  pay  was allow by small",
        "  line 5  s-1  pay  was allow by small",
        "  line 6  s-1  pay  was allow by small",
        "  ... and 2 more",
        "",
        "review → deny by $default: 1 step",
        "  line 9  s-1  pay  was review by big",
        "",
      ].join("\n"),
    );
    expect(diff.toJSON()).toEqual({
      steps: 9,
      changed: 8,
      groups: [
        { from: "allow", to: "deny", rule: "cap", count: 7, lines: [2, 3, 4, 5, 6] },
        { from: "review", to: "deny", rule: "$default", count: 1, lines: [9] },
      ],
    });
  });
});
