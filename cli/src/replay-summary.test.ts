import type { Decision } from "@apol/runtime";
import { describe, expect, it } from "vitest";
import { memoryIo } from "./memory-io.js";
import { LISTED_SESSIONS, Summary } from "./replay-summary.js";

function decision(effect: Decision["effect"], rule: string, session?: string, tool = "pay"): Decision {
  return { id: "d1", effect, rule, reason: `${effect} by ${rule}`, policy: "p", policyHash: "sha256:0", tool, ...(session === undefined ? {} : { session }) };
}

function printed(summary: Summary): string {
  const io = memoryIo();
  summary.print(io);
  return io.out();
}

describe("Summary", () => {
  it("counts by effect and rule, and keeps each session's first deny or review", () => {
    const summary = new Summary(LISTED_SESSIONS);
    summary.add(1, decision("allow", "small", "s-1"));
    summary.add(2, decision("review", "big", "s-1"));
    summary.add(3, decision("deny", "cap", "s-1"));
    summary.add(4, decision("allow", "small", "s-2"));
    summary.add(5, decision("deny", "cap", "s-3", "mail"));
    summary.add(6, decision("allow", "small"));
    expect(printed(summary)).toBe(
      [
        "",
        "6 steps: 3 allow, 1 review, 2 deny",
        "       3  allow small",
        "       2  deny cap",
        "       1  review big",
        "",
        "3 sessions, 2 with a deny or review; the first in each:",
        "  s-1  line 2  review pay by big",
        "  s-3  line 5  deny mail by cap",
        "",
      ].join("\n"),
    );
    expect(summary.toJSON()).toEqual({
      steps: 6,
      effects: { allow: 3, review: 1, deny: 2 },
      rules: [
        { effect: "allow", rule: "small", count: 3 },
        { effect: "deny", rule: "cap", count: 2 },
        { effect: "review", rule: "big", count: 1 },
      ],
      sessions: {
        count: 3,
        firstDenyOrReview: [
          { session: "s-1", line: 2, effect: "review", rule: "big", tool: "pay", reason: "review by big" },
          { session: "s-3", line: 5, effect: "deny", rule: "cap", tool: "mail", reason: "deny by cap" },
        ],
      },
    });
  });

  it("names the first 20 flagged sessions in text and counts the rest; JSON keeps them all", () => {
    const text = new Summary(LISTED_SESSIONS);
    const json = new Summary(Infinity);
    for (let i = 1; i <= 25; i++) {
      for (const s of [text, json]) {
        s.add(2 * i - 1, decision("allow", "small", `s-${i}`));
        s.add(2 * i, decision("deny", "cap", `s-${i}`));
      }
    }
    const lines = printed(text).split("\n");
    expect(lines.slice(4, 7)).toEqual(["", "25 sessions, 25 with a deny or review; the first in each:", "  s-1  line 2  deny pay by cap"]);
    expect(lines.slice(25)).toEqual(["  s-20  line 40  deny pay by cap", "  ... and 5 more (`--format json` lists them all)", ""]);
    expect(text.toJSON().sessions.firstDenyOrReview).toHaveLength(20);
    expect(json.toJSON().sessions.firstDenyOrReview.map((f) => f.line)).toEqual(Array.from({ length: 25 }, (_, i) => 2 * (i + 1)));
  });

  it("says when no session had a deny or review, and leaves sessions out when no step had one", () => {
    const allowed = new Summary(LISTED_SESSIONS);
    allowed.add(1, decision("allow", "small", "s-1"));
    expect(printed(allowed)).toBe("\n1 step: 1 allow, 0 review, 0 deny\n       1  allow small\n\n1 session, none with a deny or review\n");
    const sessionless = new Summary(LISTED_SESSIONS);
    sessionless.add(1, decision("deny", "cap"));
    expect(printed(sessionless)).toBe("\n1 step: 0 allow, 0 review, 1 deny\n       1  deny cap\n");
    expect(sessionless.toJSON().sessions).toEqual({ count: 0, firstDenyOrReview: [] });
  });
});
