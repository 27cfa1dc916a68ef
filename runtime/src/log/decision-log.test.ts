import { describe, expect, it } from "vitest";
import type { Decision, Outcome, PolicyModule, RuleInfo, SessionView } from "../contract.js";
import { DecisionEntries, type LogEntry } from "./decision-log.js";
import { createEnforcer, type EnforcerOptions } from "../enforcer/enforcer.js";
import * as ops from "../ops.js";

// A hand-written module standing in for the code generator's output:
//
//   policy vault                                                              (vault.apol)
//   rule logins        { allow login }                                        #0
//   rule root          { deny login when args.user == "root" }                #1
//   rule big           { review pay when args.amount > 100 }                  #2
//   rule small         { allow pay }                                          #3
//   rule hide_password { redact login args.password }                         #4
//   rule hide_card     { redact pay output.card, args.card.number }           #5
//   rule hide_note     { redact pay args.note when count(pay, session) >= 3 } #6
//   rule refunds       { deny pay when args.amount < 0 }                      #7

const rule = (name: string, effect: RuleInfo["effect"], extra: Partial<RuleInfo> = {}): RuleInfo => ({
  name,
  effect,
  reason: `by ${name}`,
  file: "vault.apol",
  line: 1,
  column: 1,
  ...extra,
});
const rules: RuleInfo[] = [
  rule("logins", "allow"),
  rule("root", "deny"),
  rule("big", "review"),
  rule("small", "allow"),
  rule("hide_password", "redact", { paths: [], argPaths: [["password"]] }),
  rule("hide_card", "redact", { paths: [["card"]], argPaths: [["card", "number"]] }),
  rule("hide_note", "redact", { paths: [], argPaths: [["note"]] }),
  rule("refunds", "deny"),
];

const argsOf = (request: unknown): Record<string, unknown> => ((request as { args?: Record<string, unknown> }).args ?? {}) as Record<string, unknown>;
const toolOf = (request: unknown): unknown => (typeof request === "object" && request !== null ? (request as { tool?: unknown }).tool : undefined);

function evaluate(request: unknown): Outcome {
  const args = argsOf(request);
  if (toolOf(request) === "login") return args["user"] === "root" ? { effect: "deny", rule: 1 } : { effect: "allow", rule: 0 };
  if (toolOf(request) === "pay") {
    const amount = args["amount"] as number;
    return amount < 0 ? { effect: "deny", rule: 7 } : amount > 100 ? { effect: "review", rule: 2 } : { effect: "allow", rule: 3 };
  }
  return { effect: "deny", rule: "$unknown-tool", reason: "unknown tool" };
}

/** `hide_note` reads the session: a fault (an unknown session) applies it, as generated code does. */
function redactions(request: unknown, state: SessionView | undefined): readonly number[] {
  if (toolOf(request) === "login") return [4];
  if (toolOf(request) !== "pay") return [];
  let often: boolean;
  try {
    often = ops.count(state, new Set(["pay"]), Infinity, undefined) >= 3;
  } catch {
    often = true;
  }
  return often ? [5, 6] : [5];
}

const vault: PolicyModule = {
  policy: "vault",
  policyHash: "sha256:00",
  timezone: "UTC",
  tools: {},
  rules,
  needs: { history: {}, labels: [], reads: {} },
  evaluate,
  redactions,
  redact: (request, state, output) =>
    ops.redactPaths(
      output,
      redactions(request, state).flatMap((i) => rules[i]!.paths ?? []),
    ),
};

/** An enforcer of `module` logging into a list, and how often the module was asked which `redact` rules apply. */
function logging(module: PolicyModule = vault, options: EnforcerOptions = {}) {
  const entries: LogEntry[] = [];
  let asked = 0;
  const counted: PolicyModule = { ...module, redactions: (request, state) => (asked++, module.redactions(request, state)) };
  const enforcer = createEnforcer(counted, { log: { append: (e) => entries.push(e) }, ...options });
  return { enforcer, entries, asked: () => asked };
}

const card = { number: "4111 1111", cvc: "123" };
const login = (user: string) => ({ tool: "login", args: { user, password: "hunter2" } });
const pay = (amount: number, extra: object = {}) => ({ tool: "pay", args: { card, amount, note: "for Ann" }, ...extra });

describe("DecisionEntries", () => {
  const decision = { id: "d1", effect: "deny", rule: "r", reason: "no", policy: "vault", policyHash: "sha256:00", tool: "pay" } satisfies Decision;

  it("masks the rules' paths first, then the configured ones, and says what it masked in that order", () => {
    const entries = new DecisionEntries({ "*": ["note"], pay: ["card.cvc"] });
    expect(entries.decision(decision, { card, note: "x" }, [["card", "number"]])).toEqual({
      event: "decision",
      decision,
      args: { card: { number: "[redacted]", cvc: "[redacted]" }, note: "[redacted]" },
      masked: ["args.card.number", "args.note", "args.card.cvc"],
    });
  });

  it("leaves out the provenance evidence of a decision whose arguments it masks: an excerpt may hold what was masked", () => {
    const evidence = { check: "from", label: "user", matched: "4111 1111", excerpt: "card 4111 1111", content: 0 } as const;
    const explained = { ...decision, provenance: [evidence] } satisfies Decision;
    expect(new DecisionEntries().decision(explained, { card }, [["card", "number"]])).toEqual({
      event: "decision",
      decision,
      args: { card: { number: "[redacted]", cvc: "123" } },
      masked: ["args.card.number"],
    });
    expect(new DecisionEntries().decision(explained, { note: "x" })).toEqual({ event: "decision", decision: explained, args: { note: "x" } });
  });

  it("logs the arguments as they are when no path finds anything, and none when the request had none", () => {
    expect(new DecisionEntries().decision(decision, { note: "x" }, [["card", "number"]])).toEqual({ event: "decision", decision, args: { note: "x" } });
    expect(new DecisionEntries().decision(decision, undefined, [["note"]])).toEqual({ event: "decision", decision });
  });
});

describe("the log masks the arguments `redact` rules name", () => {
  it("of an allowed or reviewed call: the rules the decision carries", () => {
    const { enforcer, entries } = logging();
    const allowed = enforcer.decide(login("ann"));
    const held = enforcer.decide(pay(500));
    expect([allowed.redactions, held.effect, held.redactions]).toEqual([["hide_password"], "review", ["hide_card"]]);
    expect(entries).toEqual([
      { event: "decision", decision: allowed, args: { user: "ann", password: "[redacted]" }, masked: ["args.password"] },
      { event: "decision", decision: held, args: { card: { number: "[redacted]", cvc: "123" }, amount: 500, note: "for Ann" }, masked: ["args.card.number"] },
    ]);
  });

  it("of a denied call: the rules that apply to it, found as it is decided, without putting them on the decision", async () => {
    const { enforcer, entries, asked } = logging();
    const denied = enforcer.decide(login("root"));
    const deniedAsync = await enforcer.decideAsync(login("root"));
    expect([denied.effect, denied.redactions, deniedAsync.redactions]).toEqual(["deny", undefined, undefined]);
    expect(entries.map((e) => e.event === "decision" && [e.args, e.masked])).toEqual([
      [{ user: "root", password: "[redacted]" }, ["args.password"]],
      [{ user: "root", password: "[redacted]" }, ["args.password"]],
    ]);
    expect(asked()).toBe(2);
    // Decided without a session, `hide_note` counts no calls: it does not apply, and the note is logged.
    const refund = enforcer.decide(pay(-5));
    expect([refund.rule, entries[2]]).toEqual([
      "refunds",
      { event: "decision", decision: refund, args: { card: { number: "[redacted]", cvc: "123" }, amount: -5, note: "for Ann" }, masked: ["args.card.number"] },
    ]);
  });

  it("before the configured masks", () => {
    const { enforcer, entries } = logging(vault, { maskArgs: { login: ["user"] } });
    enforcer.decide(login("root"));
    expect(entries[0]).toMatchObject({ args: { user: "[redacted]", password: "[redacted]" }, masked: ["args.password", "args.user"] });
  });

  it("of a call denied before the policy ran: against an unknown session, so rules that read the session apply", () => {
    const { enforcer, entries } = logging(vault, { logInvalidArgs: "clear" });
    const allowed = enforcer.decide(pay(5));
    const malformed = enforcer.decide(pay(5, { now: "not a time" }));
    expect([allowed.effect, malformed.rule]).toEqual(["allow", "$invalid-request"]);
    expect(entries.map((e) => e.event === "decision" && e.masked)).toEqual([["args.card.number"], ["args.card.number", "args.note"]]);
  });

  it("of a call whose session the store could not give: an unknown session", () => {
    const store = { synchronous: false } as unknown as NonNullable<EnforcerOptions["store"]>;
    const stateful: PolicyModule = {
      ...vault,
      needs: { history: { pay: { windowMs: Infinity, args: [], output: false } }, labels: [], reads: { pay: { history: true, contents: false } } },
    };
    const { enforcer, entries } = logging(stateful, { store });
    const d = enforcer.decide(pay(5, { session: "s1" }));
    expect(d.rule).toBe("$state-unavailable");
    expect(entries[0]).toMatchObject({ args: { card: { number: "[redacted]" }, note: "[redacted]" }, masked: ["args.card.number", "args.note"] });
  });

  it("and asks nothing more of the module for a denied call without a log, or when no rule masks arguments", () => {
    let asked = 0;
    const counted: PolicyModule = { ...vault, redactions: (request, state) => (asked++, vault.redactions(request, state)) };
    createEnforcer(counted).decide(login("root"));
    expect(asked).toBe(0);
    const outputsOnly: PolicyModule = {
      ...vault,
      rules: rules.map(({ argPaths, ...r }) => (r.effect === "redact" ? r : { ...r, ...(argPaths === undefined ? {} : { argPaths }) })),
    };
    const { enforcer, entries, asked: askedWithLog } = logging(outputsOnly);
    enforcer.decide(login("root"));
    expect([askedWithLog(), entries[0]]).toEqual([
      0,
      { event: "decision", decision: expect.objectContaining({ rule: "root" }), args: { user: "root", password: "hunter2" } },
    ]);
  });
});
