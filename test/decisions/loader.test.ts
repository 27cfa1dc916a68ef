// Tests of the decision corpus loader's conversions and error messages.
import { describe, expect, it } from "vitest";
import { parseDecisionCase } from "./loader.js";
import { checkPolicy } from "./executors.js";

const policy = "policy: |\n  policy p\n  tool ping()\n";

describe("parseDecisionCase", () => {
  it("converts ISO times to milliseconds and lets a call's state replace the case's", () => {
    const parsed = parseDecisionCase(
      `note: n\n${policy}state:\n  now: "2026-11-21T10:00:00Z"\n  history: [{ tool: ping, time: "2026-11-21T09:00:00Z" }]\n  contents: [{ text: t, labels: [untrusted] }]\ncalls:\n  - request: { tool: ping }\n    expect: { effect: deny, rule: $default }\n  - request: { tool: ping }\n    state: { now: 5 }\n    expect: { effect: allow, rule: r, reason: why, matched: [r] }\n`,
      "x.yaml",
    );
    expect(parsed.calls).toEqual([
      {
        request: { tool: "ping" },
        state: { now: 1795255200000, history: [{ tool: "ping", args: {}, time: 1795251600000 }], contents: [{ text: "t", labels: ["untrusted"] }] },
        expect: { effect: "deny", rule: "$default" },
      },
      { request: { tool: "ping" }, state: { now: 5 }, expect: { effect: "allow", rule: "r", reason: "why", matched: ["r"] } },
    ]);
  });

  it("lists every problem with where it is", () => {
    const text = `nite: n\n${policy}state: { now: "yesterday", history: [{ tool: 1 }] }\ncalls:\n  - request: { tool: ping }\n    expect: { effect: alow, rule: "", matched: a }\n  - { expect: {} }\n`;
    expect(() => parseDecisionCase(text, "x.yaml")).toThrow(
      [
        "invalid decision case:",
        "  x.yaml: unknown key `nite` (allowed: note, policy, state, calls)",
        "  x.yaml: note: must say what the case shows",
        "  x.yaml: state.history[0]: must be a mapping with a string `tool`, `args` and `time`",
        '  x.yaml: state.now: must be milliseconds or an ISO 8601 time such as "2026-11-21T10:00:00Z" (found "yesterday")',
        '  x.yaml: calls[0].expect.effect: must be one of allow, deny, review (found "alow")',
        "  x.yaml: calls[0].expect.rule: must name the deciding rule, or `$default`, `$unknown-tool`, `$invalid-request`",
        '  x.yaml: calls[0].expect.matched: must be a list of strings (found "a")',
        "  x.yaml: calls[1]: must be a mapping with `request` and `expect`",
      ].join("\n"),
    );
  });

  it("rejects files that are not YAML mappings", () => {
    expect(() => parseDecisionCase("- a", "x.yaml")).toThrow("x.yaml: must be a mapping with `note`, `policy` and `calls`");
    expect(() => parseDecisionCase("a: [", "x.yaml")).toThrow(/^x\.yaml: not valid YAML: /);
  });
});

describe("checkPolicy", () => {
  it("shows the policy's errors as the CLI renders them", () => {
    expect(() => checkPolicy("policy p\ntool a()\nrule r { allow b }\n")).toThrow(/the policy has errors:\nerror\[apol\/unknown-tool\]: unknown tool `b`/);
  });
});
