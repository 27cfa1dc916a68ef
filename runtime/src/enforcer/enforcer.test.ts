import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Decision, Outcome, PolicyModule, RuleInfo, SessionView, StateNeeds, ToolSchema } from "../contract.js";
import { createEnforcer, importEnforcer } from "./enforcer.js";
import { MemoryStore } from "../store/memory-store.js";
import type { AsyncSessionStore } from "../store/store.js";
import * as ops from "../ops.js";
import type { FaultKind } from "../evaluate/fault.js";
import { refusingStore } from "../../../test/harness/refusing-store.js";

// A hand-written policy module standing in for the code generator's output: the module interface is the unit boundary.
//
//   policy banking                                    (policy.apol)
//   rule no_untrusted_recipient {  deny send_money when tainted(args.recipient)  reason "..." }   line 10
//   rule night {                   deny send_money when now.hour < 6 }                             line 15
//   rule big {                     review send_money when args.amount > 500  approvals 2 of [finance] expires 1h }
//   rule small {                   allow send_money when args.amount <= 1000 }
//   rule reads {                   allow read_file unless args.path like "/internal/**" }
//   rule scrub {                   redact read_file output.salary, output.staff[*].iban when args.path like "/hr/**" }
//   rule prod_reads {              review read_file when context.environment == "prod" }
//   rule frequent {                deny read_file when count(read_file, 1h) >= 3 }

// `big` lists an approver these enforcers have no key for: their one warning each is expected, and kept off the console.
beforeEach(() => void vi.spyOn(console, "warn").mockImplementation(() => {}));

type Request = Readonly<Record<string, unknown>> & { readonly args: Readonly<Record<string, unknown>> };
type Condition = (request: Request, state: SessionView | undefined) => boolean;

const tools: Record<string, ToolSchema> = {
  send_money: {
    params: { recipient: { type: "string", optional: false }, amount: { type: "number", optional: false }, memo: { type: "string", optional: true } },
    tags: ["money"],
    tier: 2,
  },
  read_file: { params: { path: { type: "string", optional: false } }, tags: [], tier: 0, returns: "untrusted" },
};

const rule = (name: string, effect: RuleInfo["effect"], line: number, extra: Partial<RuleInfo> = {}): RuleInfo => {
  const verb = { allow: "allowed by", deny: "denied by", review: "held for review by", redact: "redacted by" }[effect];
  return { name, effect, reason: `${verb} rule \`${name}\``, file: "policy.apol", line, column: 1, ...extra };
};

const rules: RuleInfo[] = [
  rule("no_untrusted_recipient", "deny", 10, { reason: "recipient came from untrusted content" }),
  rule("night", "deny", 15),
  rule("big", "review", 19, { approvals: { required: 2, from: ["finance"] }, expiresInMs: 3_600_000 }),
  rule("small", "allow", 26),
  rule("reads", "allow", 30),
  rule("scrub", "redact", 34, { paths: [["salary"], ["staff", "[*]", "iban"]] }),
  rule("prod_reads", "review", 38),
  rule("frequent", "deny", 42),
];

const isInternal = ops.glob("/internal/**");
const environment = { enum: ["dev", "prod"], name: "Environment" } as const;
const conditions: Record<string, readonly (readonly [number, Condition])[]> = {
  send_money: [
    [0, (r, s) => ops.from(r, s, "recipient", r.args.recipient, "untrusted")],
    [1, (_r, s) => ops.timeParts(s?.now, "Europe/Berlin").hour < 6],
    [2, (r) => (r.args.amount as number) > 500],
    [3, (r) => (r.args.amount as number) <= 1000],
  ],
  read_file: [
    [4, (r) => !isInternal(r.args.path as string)],
    [6, (r) => ops.eq(ops.typed(ops.field(ops.field(r, "context"), "environment"), environment), "prod")],
    [7, (_r, s) => ops.count(s, new Set(["read_file"]), 3_600_000, undefined) >= 3],
  ],
};

/** Validates as semantics.md step 1-3 says, then runs every rule of the tool (a naive decision procedure). */
function evaluate(request: unknown, state: SessionView | undefined, explain: boolean): Outcome {
  const deny = (rule: "$invalid-request" | "$unknown-tool" | "$default", reason: string): Outcome => ({
    effect: "deny",
    rule,
    reason,
    ...(explain && { matched: [] }),
  });
  if (!ops.present(request, ["tool"]) || typeof (request as { tool: unknown }).tool !== "string")
    return deny("$invalid-request", "request must be an object with a string `tool`");
  const r = request as Request;
  const tool = r.tool as string;
  if (!Object.hasOwn(tools, tool)) return deny("$unknown-tool", `unknown tool \`${tool}\``);
  const params = tools[tool]!.params;
  const args = (Object.hasOwn(r, "args") ? r.args : undefined) ?? {};
  if (!ops.conform(args, "json") || typeof args !== "object" || Array.isArray(args) || args === null)
    return deny("$invalid-request", "`args` must be an object");
  for (const key of Object.keys(args)) if (!Object.hasOwn(params, key)) return deny("$invalid-request", `unknown argument \`${key}\``);
  for (const [name, { type, optional }] of Object.entries(params)) {
    const present = ops.present(args, [name]);
    if (!present && !optional) return deny("$invalid-request", `missing argument \`${name}\``);
    if (present && !ops.conform((args as Record<string, unknown>)[name], type))
      return deny("$invalid-request", `argument \`${name}\` must be a ${type as string}`);
  }
  const faults = new Map<number, FaultKind>();
  const matched = conditions[tool]!.filter(([index, condition]) => {
    try {
      return condition({ ...r, args }, state);
    } catch (error) {
      if (!(error instanceof ops.Fault)) throw error;
      if (rules[index]!.effect === "deny") faults.set(index, error.kind);
      return rules[index]!.effect === "deny";
    }
  }).map(([index]) => index);
  const first = (effect: string) => matched.find((i) => rules[i]!.effect === effect);
  const decider = first("deny") ?? first("review") ?? first("allow");
  const explained = explain ? { matched } : {};
  if (decider === undefined) return { effect: "deny", rule: "$default", reason: `no rule allows \`${tool}\``, ...explained };
  const fault = faults.get(decider);
  return { effect: rules[decider]!.effect as Outcome["effect"], rule: decider, ...explained, ...(fault !== undefined && { fault }) };
}

/** What the compiler would say these rules read: `frequent` counts `read_file` calls, `no_untrusted_recipient` reads content. */
const needs: StateNeeds = {
  history: { read_file: { windowMs: 3_600_000, args: [], output: false } },
  labels: ["untrusted"],
  reads: { send_money: { history: false, contents: true }, read_file: { history: true, contents: false } },
};
const isHr = ops.glob("/hr/**");
/** `scrub` applies to reads under `/hr/`; arguments that do not fit apply it too (fail safe). */
function redactions(request: unknown): readonly number[] {
  if (!ops.present(request, ["tool"]) || (request as { tool: unknown }).tool !== "read_file") return [];
  const path = ops.present(request, ["args", "path"]) ? (request as Request).args.path : undefined;
  return typeof path !== "string" || isHr(path) ? [5] : [];
}
const redact = (request: unknown, _state: SessionView | undefined, output: unknown) =>
  ops.redactPaths(
    output,
    redactions(request).flatMap((i) => rules[i]!.paths ?? []),
  );
const banking: PolicyModule = { policy: "banking", policyHash: "sha256:abc123", timezone: "Europe/Berlin", tools, rules, needs, evaluate, redactions, redact };
/** Every decision's policy fields and an id from an enforcer with the default prefix (six characters, a dash, a counter). */
const base = { id: expect.stringMatching(/^[0-9a-z]{6}-\d+$/), policy: "banking", policyHash: "sha256:abc123" };
const onSend = { ...base, tool: "send_money" };
const onRead = { ...base, tool: "read_file" };
const noon = "2026-11-21T12:00:00Z";
const send = (args: unknown, extra: object = {}) => ({ tool: "send_money", now: noon, args, ...extra });

/** Checks what every decision must satisfy, whatever the input. */
function expectWellFormed(d: Decision, explain: boolean): void {
  expect(["allow", "deny", "review"]).toContain(d.effect);
  expect(typeof d.rule).toBe("string");
  expect(typeof d.reason).toBe("string");
  expect(d.policy).toBe("banking");
  expect(d.policyHash).toBe("sha256:abc123");
  expect(typeof d.id).toBe("string");
  if (d.rule.startsWith("$")) {
    expect(["$unknown-tool", "$invalid-request", "$default", "$error", "$state-unavailable"]).toContain(d.rule);
    expect(d.effect).toBe("deny");
    expect(d.location).toBeUndefined();
  } else {
    expect(d.location).toMatch(/^policy\.apol:\d+:1$/);
  }
  if (explain) expect(Array.isArray(d.matched)).toBe(true);
  else expect("matched" in d).toBe(false);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("decisions from rules", () => {
  const enforcer = createEnforcer(banking);

  it("allows with the rule's name, default reason and location", () => {
    expect(enforcer.decide(send({ recipient: "DE1", amount: 100 }))).toEqual({
      effect: "allow",
      rule: "small",
      reason: "allowed by rule `small`",
      ...onSend,
      location: "policy.apol:26:1",
    });
  });

  it("denies with the rule's own reason; deny overrides review and allow", () => {
    const request = send({ recipient: "DE1", amount: 600 }, { taint: { recipient: ["untrusted"] } });
    expect(enforcer.explain(request)).toEqual({
      effect: "deny",
      rule: "no_untrusted_recipient",
      reason: "recipient came from untrusted content",
      ...onSend,
      location: "policy.apol:10:1",
      matched: ["no_untrusted_recipient", "big", "small"],
    });
  });

  it("holds for review with the review it opened and the approvals the rule declares", () => {
    const d = enforcer.decide(send({ recipient: "DE1", amount: 600 }));
    expect(d).toEqual({
      effect: "review",
      rule: "big",
      reason: "held for review by rule `big`",
      ...onSend,
      location: "policy.apol:19:1",
      approvals: {
        review: expect.stringMatching(/^[0-9a-f-]{36}$/),
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        required: 2,
        from: ["finance"],
        expiresAt: "2026-11-21T13:00:00.000Z",
      },
    });
  });

  it("needs one approval from any registered approver for a review rule that declares none", () => {
    const d = enforcer.decide({ tool: "read_file", now: noon, args: { path: "/tmp/a" }, context: { environment: "prod" } });
    expect(d).toEqual({
      effect: "review",
      rule: "prod_reads",
      reason: "held for review by rule `prod_reads`",
      ...onRead,
      location: "policy.apol:38:1",
      approvals: { review: expect.any(String), digest: expect.any(String), required: 1, expiresAt: "2026-11-22T12:00:00.000Z" },
    });
  });

  it("lets a review wait `reviewExpiresMs` when the rule sets no expiry", () => {
    const module = { ...banking, rules: rules.map(({ expiresInMs, ...r }) => (r.name === "big" || expiresInMs === undefined ? r : { ...r, expiresInMs })) };
    const d = createEnforcer(module, { reviewExpiresMs: 60_000 }).decide(send({ recipient: "DE1", amount: 600 }));
    expect(d.approvals?.expiresAt).toBe("2026-11-21T12:01:00.000Z");
  });

  it("copies approvers, so a caller mutating a decision cannot change the policy", () => {
    const d = enforcer.decide(send({ recipient: "DE1", amount: 600 }));
    (d.approvals!.from as string[]).push("mallory");
    expect(rules[2]!.approvals!.from).toEqual(["finance"]);
  });

  it("fails closed: a fault in an allow/review condition does not match, one in a deny condition does", () => {
    // `context.environment` is not an enum member: `prod_reads` (review) faults and does not match.
    const odd = { tool: "read_file", now: noon, args: { path: "/tmp/a" }, context: { environment: 5 } };
    expect(enforcer.decide(odd).rule).toBe("reads");
    // Without a time (no `now`, and `clock: null`, so not the system clock either), `night` (deny) faults and matches.
    const timeless = createEnforcer(banking, { clock: null });
    expect(timeless.explain(send({ recipient: "DE1", amount: 1 }, { now: undefined }))).toMatchObject({
      effect: "deny",
      rule: "night",
      matched: ["night", "small"],
    });
  });

  it("says so when a deny matched by a fault, with a reason that does not claim the rule's", () => {
    const timeless = createEnforcer(banking, { clock: null });
    const d = timeless.decide(send({ recipient: "DE1", amount: 1 }, { now: undefined }));
    expect(d).toMatchObject({
      effect: "deny",
      rule: "night",
      fault: "no time",
      reason: "`night` could not be evaluated (the time of the request is unknown), so it denies",
    });
    // A deny that matched on its own condition has no fault, and keeps its reason.
    const night = enforcer.decide(send({ recipient: "DE1", amount: 1 }, { now: "2026-11-21T03:30:00Z" }));
    expect(night.fault).toBeUndefined();
    expect(night.reason).toBe(rules[1]!.reason);
  });

  it("refuses an outcome whose fault is not a known kind, or is on a rule that does not deny", () => {
    const faulty = (outcome: Outcome) =>
      createEnforcer({ ...banking, evaluate: () => outcome }, { onWarning: () => {} }).decide({ tool: "read_file", args: { path: "/a" } });
    expect(faulty({ effect: "deny", rule: 1, fault: "toString" as FaultKind }).rule).toBe("$error");
    expect(faulty({ effect: "allow", rule: 4, fault: "no time" }).rule).toBe("$error");
    expect(faulty({ effect: "deny", rule: 1, fault: "bad value" })).toMatchObject({ rule: "night", fault: "bad value" });
  });
});

describe("reserved decisions", () => {
  const enforcer = createEnforcer(banking);
  const reserved = (rule: string, reason: string, tool?: string) => ({ effect: "deny", rule, reason, ...base, ...(tool === undefined ? {} : { tool }) });

  it("rejects requests that are not objects with a string tool", () => {
    const reason = "request must be an object with a string `tool`";
    for (const request of [null, undefined, 42, "send_money", [], [{ tool: "send_money" }], {}, { tool: 1 }]) {
      expect(enforcer.decide(request)).toEqual(reserved("$invalid-request", reason));
    }
  });

  it("names unknown tools, including inherited property names", () => {
    for (const tool of ["delete_all", "__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(enforcer.decide({ tool })).toEqual(reserved("$unknown-tool", `unknown tool \`${tool}\``, tool));
    }
    expect(enforcer.decide(JSON.parse('{"__proto__": {"tool": "read_file"}, "tool": "__proto__"}'))).toEqual(
      reserved("$unknown-tool", "unknown tool `__proto__`", "__proto__"),
    );
  });

  it("passes on the module's validation reasons", () => {
    expect(enforcer.decide(send({ recipient: "DE1" }))).toEqual(reserved("$invalid-request", "missing argument `amount`", "send_money"));
    expect(enforcer.decide(send([1]))).toEqual(reserved("$invalid-request", "`args` must be an object", "send_money"));
    expect(enforcer.decide(send(JSON.parse('{"__proto__": 1}')))).toEqual(reserved("$invalid-request", "unknown argument `__proto__`", "send_money"));
  });

  it("denies by default with no location", () => {
    expect(enforcer.explain({ tool: "read_file", now: noon, args: { path: "/internal/key" } })).toEqual({
      ...reserved("$default", "no rule allows `read_file`", "read_file"),
      matched: [],
    });
  });

  it("lists no matches for reserved decisions when explaining", () => {
    expect(enforcer.explain({ tool: "nope" })).toEqual({ ...reserved("$unknown-tool", "unknown tool `nope`", "nope"), matched: [] });
  });
});

describe("explanations", () => {
  it("are off by default, on for `explain` and on for `decide` when asked for", () => {
    const request = send({ recipient: "DE1", amount: 10 });
    expect(createEnforcer(banking).decide(request).matched).toBeUndefined();
    expect(createEnforcer(banking).explain(request).matched).toEqual(["small"]);
    expect(createEnforcer(banking, { explain: true }).decide(request).matched).toEqual(["small"]);
  });

  it("tell the module whether to collect matches", () => {
    const evaluate = vi.fn(banking.evaluate);
    const enforcer = createEnforcer({ ...banking, evaluate });
    enforcer.decide(send({ recipient: "DE1", amount: 10 }));
    enforcer.explain(send({ recipient: "DE1", amount: 10 }));
    expect(evaluate.mock.calls.map((call) => call[2])).toEqual([false, true]);
  });
});

describe("now", () => {
  /** The `now` an enforcer without a clock hands the module for `request`. */
  const seen = (request: unknown): unknown => {
    let now: unknown = "not called";
    const evaluate = (_r: unknown, state: SessionView | undefined): Outcome => {
      now = state?.now;
      return { effect: "deny", rule: "$default", reason: "no rule allows `x`" };
    };
    createEnforcer({ ...banking, evaluate }, { clock: null }).decide(request);
    return now;
  };
  const plain = createEnforcer(banking);

  it("reads an ISO 8601 timestamp or milliseconds from the request", () => {
    expect(seen({ tool: "x", now: "2026-11-21T10:00:00Z" })).toBe(Date.parse("2026-11-21T10:00:00Z"));
    expect(seen({ tool: "x", now: "2026-11-21T10:00:00.250+01:00" })).toBe(Date.parse("2026-11-21T09:00:00.250Z"));
    expect(seen({ tool: "x", now: 1_700_000_000_000 })).toBe(1_700_000_000_000);
    expect(seen({ tool: "x", now: 0 })).toBe(0);
    expect(seen({ tool: "x" })).toBeUndefined();
    expect(seen({ tool: "x", now: undefined })).toBeUndefined();
  });

  it("uses the request's time for `now.*` in the policy's zone", () => {
    // 04:30 in Berlin: `night` denies.
    expect(plain.decide(send({ recipient: "DE1", amount: 1 }, { now: "2026-11-21T03:30:00Z" })).rule).toBe("night");
    expect(plain.decide(send({ recipient: "DE1", amount: 1 }, { now: Date.parse("2026-11-21T05:30:00Z") })).rule).toBe("small");
  });

  it("rejects a `now` that is neither", () => {
    const invalid = { effect: "deny", rule: "$invalid-request", reason: "`now` must be an ISO 8601 timestamp or milliseconds", ...base };
    for (const now of ["yesterday", "", "2026-13-45T00:00:00Z", NaN, Infinity, 1e300, null, true, [], {}]) {
      expect(plain.decide(send({ recipient: "DE1", amount: 1 }, { now }))).toEqual({ ...invalid, tool: "send_money" });
    }
    expect(plain.explain({ tool: "x", now: "soon" })).toEqual({ ...invalid, tool: "x", matched: [] });
  });

  it("uses the injected clock only when the request has no time", () => {
    const clock = vi.fn(() => Date.parse("2026-11-21T03:30:00Z"));
    const enforcer = createEnforcer(banking, { clock });
    expect(enforcer.decide(send({ recipient: "DE1", amount: 1 }, { now: undefined })).rule).toBe("night");
    expect(enforcer.decide(send({ recipient: "DE1", amount: 1 })).rule).toBe("small");
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it("never reads the system clock with `clock: null`", () => {
    const dateNow = vi.spyOn(Date, "now");
    const d = createEnforcer(banking, { clock: null }).explain(send({ recipient: "DE1", amount: 1 }, { now: undefined }));
    expect(d).toMatchObject({ rule: "night", matched: ["night", "small"] });
    expect(dateNow).not.toHaveBeenCalled();
  });

  it("reads the system clock for a request without `now` when given no clock, and never for one with it", () => {
    const dateNow = vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-11-21T05:30:00Z"));
    const enforcer = createEnforcer(banking);
    expect(enforcer.decide(send({ recipient: "DE1", amount: 1 }, { now: undefined })).rule).toBe("small");
    // A finite window no longer faults for want of a clock.
    expect(enforcer.decide({ tool: "read_file", session: "s", args: { path: "/tmp/a" } }).rule).toBe("reads");
    dateNow.mockClear();
    expect(enforcer.decide(send({ recipient: "DE1", amount: 1 }, { now: "2026-11-21T03:30:00Z" })).rule).toBe("night");
    expect(dateNow).not.toHaveBeenCalled();
    dateNow.mockRestore();
  });
});

describe("errors", () => {
  const throwing = (thrown: () => unknown): PolicyModule => ({
    ...banking,
    evaluate: () => {
      throw thrown();
    },
  });
  const error = (reason: string) => ({ effect: "deny", rule: "$error", reason, ...base, tool: "x" });

  it("turn whatever escapes the module into a `$error` deny", () => {
    expect(createEnforcer(throwing(() => new RangeError("boom"))).decide({ tool: "x" })).toEqual(error("policy evaluation failed: boom"));
    expect(createEnforcer(throwing(() => "text")).decide({ tool: "x" })).toEqual(error("policy evaluation failed: text"));
    expect(createEnforcer(throwing(() => undefined)).explain({ tool: "x" })).toEqual({ ...error("policy evaluation failed: undefined"), matched: [] });
    const unprintable = {
      toString: () => {
        throw new Error("no");
      },
    };
    expect(createEnforcer(throwing(() => unprintable)).decide({ tool: "x" })).toEqual(error("policy evaluation failed: an unprintable error"));
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(createEnforcer(throwing(() => revoked.proxy)).decide({ tool: "x" })).toEqual(error("policy evaluation failed: an unprintable error"));
  });

  it("report malformed outcomes as `$error`", () => {
    const malformed = error("policy evaluation failed: the policy module returned a malformed outcome");
    const returning = (outcome: unknown) => createEnforcer({ ...banking, evaluate: () => outcome as Outcome });
    expect(returning({ effect: "allow", rule: 99 }).decide({ tool: "x" })).toEqual(malformed);
    expect(returning({ effect: "allow", rule: 0 }).decide({ tool: "x" })).toEqual(malformed);
    expect(returning({ effect: "allow", rule: "$default", reason: "r" }).decide({ tool: "x" })).toEqual(malformed);
    expect(returning({ effect: "deny", rule: "$other", reason: "r" }).decide({ tool: "x" })).toEqual(malformed);
    expect(returning({ effect: "deny", rule: "$default" }).decide({ tool: "x" })).toEqual(malformed);
    expect(returning({ effect: "deny", rule: 0, matched: [7, 99] }).explain({ tool: "x" })).toEqual({ ...malformed, matched: [] });
    expect(returning(undefined).decide({ tool: "x" })).toMatchObject({ rule: "$error" });
  });

  it("turn a failing clock into a `$error` deny when a rule reads the time", () => {
    const enforcer = createEnforcer(banking, {
      clock: () => {
        throw new Error("clock broke");
      },
    });
    expect(enforcer.decide({ tool: "send_money", args: { recipient: "DE1", amount: 5 } })).toEqual({
      ...error("policy evaluation failed: clock broke"),
      tool: "send_money",
    });
  });

  it("refuse to wrap something that is not a policy module", () => {
    expect(() => createEnforcer({} as PolicyModule)).toThrow(new TypeError("not a compiled apol policy module"));
    expect(() => createEnforcer({ ...banking, evaluate: undefined } as unknown as PolicyModule)).toThrow(TypeError);
  });
});

describe("hostile requests", () => {
  const enforcer = createEnforcer(banking);

  it("survive throwing getters, proxies, cycles and huge values", () => {
    const getter = (key: string) =>
      Object.defineProperty({ tool: "send_money", args: { recipient: "DE1", amount: 1 } }, key, {
        enumerable: true,
        get() {
          throw new Error(`${key} getter`);
        },
      });
    const trapAll = new Proxy(
      {},
      Object.fromEntries(
        ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf"].map((trap) => [
          trap,
          () => {
            throw new Error(trap);
          },
        ]),
      ),
    );
    const cyclic: Record<string, unknown> = { recipient: "DE1", amount: 1 };
    cyclic.memo = cyclic;
    const deep: unknown[] = [];
    let cursor = deep;
    for (let i = 0; i < 100_000; i++) cursor.push((cursor = []));
    // A request that is not plain data is refused before anything reads it twice.
    const cases: [unknown, string][] = [
      [getter("tool"), "$invalid-request"],
      [getter("now"), "$invalid-request"],
      [getter("args"), "$invalid-request"],
      [trapAll, "$invalid-request"],
      [{ tool: "send_money", args: trapAll }, "$invalid-request"],
      [new Proxy([], {}), "$invalid-request"],
      [send(cyclic), "$invalid-request"],
      [send({ recipient: "DE1", amount: 1, memo: deep }), "$invalid-request"],
      [send({ recipient: "x".repeat(1_000_000), amount: 1 }), "small"],
      // Nesting is bounded anywhere in a request, so that no walk over it (validation, `==`, the log) can overflow the stack.
      [{ tool: "read_file", now: noon, args: { path: "/tmp/a" }, context: { environment: deep } }, "$invalid-request"],
      [send({ recipient: "DE1", amount: 1 }, { taint: trapAll }), "$invalid-request"],
      [{ tool: "send_money", args: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])) }, "$invalid-request"],
    ];
    for (const [request, rule] of cases) {
      const d = enforcer.explain(request);
      expectWellFormed(d, true);
      expect(d.rule).toBe(rule);
    }
    expect(enforcer.decide(getter("tool"))).toEqual({ effect: "deny", rule: "$invalid-request", reason: "`request` could not be read: tool getter", ...base });
    expect(enforcer.decide({ tool: "send_money", args: trapAll }).reason).toBe("`request.args` could not be read: ownKeys");
  });

  it("never throw and always decide (and preview) well-formed, for any JSON or JavaScript value", () => {
    const json = fc.jsonValue();
    const anything = fc.anything({
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withSparseArray: true,
      withTypedArray: true,
      withBigInt: true,
    });
    const keys = fc.constantFrom("__proto__", "constructor", "toString", "tool", "args", "now", "taint", "context");
    // Parsed JSON defines `__proto__` as an own key, as requests off the wire do.
    const parsed = fc.dictionary(keys, json).map((o) => JSON.parse(JSON.stringify(o).replace(/"(constructor|toString)"/g, '"__proto__"')) as unknown);
    const shaped = fc.record(
      {
        tool: fc.constantFrom("send_money", "read_file", "__proto__", "other"),
        args: fc.oneof(anything, fc.record({ recipient: anything, amount: fc.oneof(fc.double(), anything), path: fc.string() }, { requiredKeys: [] })),
        now: fc.oneof(fc.string(), fc.double(), fc.constant(noon)),
        taint: anything,
        context: anything,
      },
      { requiredKeys: ["tool"] },
    );
    for (const explain of [false, true]) {
      const enforcer = createEnforcer(banking, { explain });
      fc.assert(
        fc.property(fc.oneof(json, anything, parsed, shaped), (request) => {
          // A preview is well-formed too, and agrees with the decision made next.
          const preview = enforcer.preview(request);
          expectWellFormed(preview, explain);
          const decision = enforcer.decide(request);
          expectWellFormed(decision, explain);
          expect([preview.effect, preview.rule]).toEqual([decision.effect, decision.rule]);
        }),
        { numRuns: 1500 },
      );
    }
  });

  it("never throw whatever a broken module throws", () => {
    const errors = fc.tuple(fc.constantFrom(Error, RangeError, TypeError, ops.Fault), fc.string()).map(([E, message]) => new E(message));
    const thrown = fc.oneof(errors, fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true }));
    fc.assert(
      fc.property(thrown, fc.jsonValue(), (value, request) => {
        const module: PolicyModule = {
          ...banking,
          evaluate: () => {
            throw value;
          },
        };
        const d = createEnforcer(module).explain(request);
        expectWellFormed(d, true);
        expect(d.rule).toBe("$error");
      }),
    );
  });
});

describe("redaction", () => {
  const enforcer = createEnforcer(banking);
  // A time, so that `frequent` (which counts calls in an hour) can decide.
  const read = (path: string, extra: object = {}) => ({ tool: "read_file", now: 1_700_000_000_000, args: { path }, ...extra });
  const staff = { salary: 90_000, staff: [{ iban: "DE89", name: "Ann" }, { name: "Bob" }], note: "kept" };

  it("names the `redact` rules that apply on the decision, and replaces their paths in the output", () => {
    const d = enforcer.decide(read("/hr/pay.json"));
    expect(d).toEqual({ effect: "allow", rule: "reads", reason: "allowed by rule `reads`", ...onRead, location: "policy.apol:30:1", redactions: ["scrub"] });
    expect(enforcer.redact(d, staff)).toEqual({
      output: { salary: "[redacted]", staff: [{ iban: "[redacted]", name: "Ann" }, { name: "Bob" }], note: "kept" },
      redacted: ["output.salary", "output.staff[0].iban"],
    });
    expect(staff.salary).toBe(90_000);
  });

  it("passes the output through when no `redact` rule applies", () => {
    const d = enforcer.decide(read("/tmp/a"));
    expect(d.redactions).toBeUndefined();
    expect(enforcer.redact(d, staff)).toEqual({ output: staff, redacted: [] });
  });

  it("carries redactions on a call held for review, never on a denied one", () => {
    const held = enforcer.decide(read("/hr/x", { context: { environment: "prod" } }));
    expect([held.effect, held.redactions]).toEqual(["review", ["scrub"]]);
    const denied = enforcer.decide(read("/internal/hr"));
    expect([denied.effect, denied.redactions]).toEqual(["deny", undefined]);
    expect(() => enforcer.redact(denied, staff)).toThrow("is `deny` (rule `$default`): a denied call has no output to redact");
  });

  it("refuses a decision another enforcer made, or one naming no `redact` rule", () => {
    const d = enforcer.decide(read("/hr/x"));
    expect(() => createEnforcer(banking).redact(d, staff)).toThrow(new TypeError("`redact` takes a decision this enforcer made"));
    expect(() => enforcer.redact({ ...d, redactions: ["reads"] }, staff)).toThrow(
      `decision \`${d.id}\` names \`reads\`, which is no \`redact\` rule of the policy`,
    );
  });

  it("refuses a module compiled without redaction", () => {
    const { redactions: _, ...old } = banking;
    expect(() => createEnforcer(old as PolicyModule)).toThrow("the policy module cannot redact outputs: recompile it with this version of apol");
  });
});

describe("importEnforcer", () => {
  it("imports a module file and wraps it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apol-runtime-"));
    try {
      const file = join(dir, "policy.mjs");
      writeFileSync(
        file,
        [
          'export const policy = "tiny", policyHash = "sha256:00", timezone = "UTC", tools = {}, needs = { history: {}, labels: [], reads: {} };',
          'export const rules = [{ name: "all", effect: "allow", reason: "allowed by rule `all`", file: "tiny.apol", line: 3, column: 1 }];',
          'export function evaluate() { return { effect: "allow", rule: 0 }; }',
          "export function redactions() { return []; }",
          "export function redact(request, state, output) { return { output, redacted: [] }; }",
        ].join("\n"),
      );
      const enforcer = await importEnforcer(pathToFileURL(file).href);
      expect(enforcer.decide({ tool: "x" })).toEqual({
        id: expect.stringMatching(/-1$/),
        tool: "x",
        effect: "allow",
        rule: "all",
        reason: "allowed by rule `all`",
        policy: "tiny",
        policyHash: "sha256:00",
        location: "tiny.apol:3:1",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("sessions", () => {
  const minute = 60_000;
  const t0 = Date.parse(noon);
  const read = (session: string | undefined, at: number, path = "/tmp/a") => ({
    tool: "read_file",
    now: at,
    args: { path },
    ...(session === undefined ? {} : { session }),
  });
  const pay = (session: string, recipient: string, amount = 10) => ({ tool: "send_money", session, now: t0, args: { recipient, amount } });

  it("enters allowed calls into their session's history in the same step", () => {
    const enforcer = createEnforcer(banking);
    expect([0, 1, 2, 3].map((i) => enforcer.decide(read("s1", t0 + i * minute)).rule)).toEqual(["reads", "reads", "reads", "frequent"]);
    // Another session, and a request without one, start empty.
    expect(enforcer.decide(read("s2", t0 + 4 * minute)).rule).toBe("reads");
    expect(enforcer.decide(read(undefined, t0 + 4 * minute)).rule).toBe("reads");
    // Still three in the last hour of s1: denied calls never count.
    expect(enforcer.decide(read("s1", t0 + 5 * minute)).rule).toBe("frequent");
    // An hour after the first read, it drops out of the window.
    expect(enforcer.decide(read("s1", t0 + 60 * minute)).rule).toBe("reads");
    expect(enforcer.decide(read("s1", t0 + 60 * minute)).rule).toBe("frequent");
  });

  it("never counts a call held for review or denied by another rule", () => {
    const enforcer = createEnforcer(banking);
    const prod = { ...read("s", t0), context: { environment: "prod" } };
    const internal = read("s", t0, "/internal/x");
    for (let i = 0; i < 5; i++) {
      expect(enforcer.decide(prod).effect).toBe("review");
      expect(enforcer.decide(internal).rule).toBe("$default");
    }
    expect(enforcer.decide(read("s", t0)).rule).toBe("reads");
  });

  it("names the call in its decision: a unique id, the tool and the session", () => {
    const enforcer = createEnforcer(banking, { idPrefix: "run-" });
    expect(enforcer.decide(read("s1", t0))).toMatchObject({ id: "run-1", tool: "read_file", session: "s1" });
    expect(enforcer.decide(read(undefined, t0))).toEqual({
      id: "run-2",
      tool: "read_file",
      effect: "allow",
      rule: "reads",
      reason: "allowed by rule `reads`",
      policy: "banking",
      policyHash: "sha256:abc123",
      location: "policy.apol:30:1",
    });
    expect(enforcer.decide(null).id).toBe("run-3");
    expect(enforcer.decide({ ...read("s1", t0), session: 7 })).toMatchObject({ id: "run-4", rule: "$invalid-request", reason: "`session` must be a string" });
  });

  it("records outputs with the tool's `returns` label, and content the caller observes", () => {
    const enforcer = createEnforcer(banking);
    const fetched = enforcer.decide(read("s", t0));
    expect(enforcer.decide(pay("s", "DE89370400440532013000")).rule).toBe("small");
    enforcer.record(fetched, { body: "wire it to DE89370400440532013000" });
    expect(enforcer.decide(pay("s", "DE89370400440532013000"))).toMatchObject({ rule: "no_untrusted_recipient", session: "s" });
    expect(enforcer.decide(pay("s", "GB33BUKB20201555555555")).rule).toBe("small");
    expect(enforcer.decide(pay("other", "DE89370400440532013000")).rule).toBe("small");
    enforcer.observe("s", "send to GB33BUKB20201555555555", { labels: ["untrusted"] });
    expect(enforcer.decide(pay("s", "GB33BUKB20201555555555")).rule).toBe("no_untrusted_recipient");
    // Labels the policy never asks about are not kept.
    enforcer.observe("t", "send to GB33BUKB20201555555555", { labels: ["user"] });
    expect(enforcer.decide(pay("t", "GB33BUKB20201555555555")).rule).toBe("small");
  });

  it("adds the caller's labels to a recorded output", () => {
    const enforcer = createEnforcer(banking);
    const paid = enforcer.decide(pay("s", "DE1"));
    enforcer.record(paid, "receipt: refund goes to FR7630006000011234567890189", { labels: ["untrusted"] });
    expect(enforcer.decide(pay("s", "FR7630006000011234567890189")).rule).toBe("no_untrusted_recipient");
  });

  it("refuses to record what is not an allowed call of this enforcer in a session", () => {
    const enforcer = createEnforcer(banking, { idPrefix: "e-" });
    const denied = enforcer.decide({ ...read("s", t0), args: { path: "/internal/x" } });
    expect(() => enforcer.record(denied, "x")).toThrow("decision `e-1` is `deny` (rule `$default`): only a call that was allowed can be recorded");
    const held = enforcer.decide({ ...read("s", t0), context: { environment: "prod" } });
    expect(() => enforcer.record(held, "x")).toThrow("is `review` (rule `prod_reads`)");
    const loose = enforcer.decide(read(undefined, t0));
    expect(() => enforcer.record(loose, "x")).toThrow("decision `e-3` has no session: give the request a `session` to record its output");
    const other = createEnforcer(banking, { idPrefix: "f-" }).decide(read("s", t0));
    expect(() => enforcer.record(other, "x")).toThrow(new TypeError("`record` takes a decision this enforcer made"));
    const ok = enforcer.decide(read("s", t0));
    expect(() => enforcer.record(ok, "x", { labels: "untrusted" as unknown as string[] })).toThrow(new TypeError("`labels` must be a list of strings"));
    enforcer.record(ok, "x");
    expect(() => enforcer.record(ok, "x")).toThrow("decision `e-4` was recorded already");
  });

  it("counts a call `explain` allows, as `decide` does", () => {
    const enforcer = createEnforcer(banking);
    for (let i = 0; i < 3; i++) expect(enforcer.explain(read("s", t0)).matched).toEqual(["reads"]);
    expect(enforcer.explain(read("s", t0)).matched).toEqual(["reads", "frequent"]);
  });

  it("keeps no call allowed while the time is unknown in a window that needs one", () => {
    const enforcer = createEnforcer(banking, { clock: null });
    // Without a time, `frequent` faults and denies: nothing is allowed, nothing counted.
    expect(enforcer.decide({ tool: "read_file", session: "s", args: { path: "/tmp/a" } })).toMatchObject({ rule: "frequent", fault: "no time" });
    expect(enforcer.decide(read("s", t0)).rule).toBe("reads");
  });

  it("forgets a session idle for `sessionIdleMs`, but never before the policy's longest window", () => {
    const enforcer = createEnforcer(banking, { sessionIdleMs: minute });
    for (let i = 0; i < 3; i++) enforcer.decide(read("s", t0));
    expect(enforcer.decide(read("s", t0 + 59 * minute)).rule).toBe("frequent");
    let time = t0;
    const store = new MemoryStore({ clock: () => time });
    const forgetful = createEnforcer(banking, { store, sessionIdleMs: 2 * 3_600_000 });
    for (let i = 0; i < 3; i++) forgetful.decide(read("s", t0 + i));
    expect(store.size).toBe(1);
    time = t0 + 3 * 3_600_000;
    forgetful.decide(read("t", time));
    expect(store.size).toBe(1);
  });

  it("fails closed when a session reaches its limits", () => {
    const enforcer = createEnforcer(banking, { sessionLimits: { entries: 2, contentUnits: 40 } });
    expect([0, 1, 2].map((i) => enforcer.decide(read("s", t0 + i)).rule)).toEqual(["reads", "reads", "$state-unavailable"]);
    expect(enforcer.decide(read("s", t0)).reason).toBe("session `s` holds 2 calls, the limit");
    // Content beyond the limit is not indexed: decisions that read content are refused, the others go on.
    const fetched = enforcer.decide(read("c", t0));
    enforcer.record(fetched, "x".repeat(41));
    expect(enforcer.decide(pay("c", "DE1"))).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "session content reached the limit of 40 code units, so provenance cannot be checked",
    });
    expect(enforcer.decide(read("c", t0)).rule).toBe("reads");
  });

  it("stores nothing for a policy that reads no session", () => {
    const store = new MemoryStore();
    const stateless = createEnforcer({ ...banking, needs: { history: {}, labels: [], reads: {} } }, { store });
    const d = stateless.decide(read("s", t0));
    stateless.record(d, "DE89370400440532013000");
    stateless.observe("s", "anything", { labels: ["untrusted"] });
    expect(store.size).toBe(0);
  });

  it("refuses a module compiled without `needs`", () => {
    const { needs: _, ...old } = banking;
    expect(() => createEnforcer(old as PolicyModule)).toThrow(
      "the policy module does not say what session state it needs: recompile it with this version of apol",
    );
  });

  it("loads a written-out session", () => {
    const enforcer = createEnforcer(banking);
    enforcer.load("s", {
      history: [0, 1, 2].map((i) => ({ tool: "read_file", args: { path: "/x" }, time: t0 - i * minute })),
      contents: [{ text: "pay DE89370400440532013000", labels: ["untrusted"] }],
    });
    expect(enforcer.decide(read("s", t0)).rule).toBe("frequent");
    expect(enforcer.decide(pay("s", "DE89370400440532013000")).rule).toBe("no_untrusted_recipient");
  });
});

describe("asynchronous stores", () => {
  const t0 = Date.parse(noon);
  const read = (at: number) => ({ tool: "read_file", session: "s", now: at, args: { path: "/tmp/a" } });
  /** The memory store behind promises, as a network store looks to the enforcer. */
  const remote = (): AsyncSessionStore => {
    const memory = new MemoryStore();
    return {
      synchronous: false,
      transact: async (config, session, now, attempt) => memory.transact(config, session, now, attempt),
      append: async (config, session, now, events) => memory.append(config, session, now, events),
      read: async (config, keys) => memory.read(config, keys),
      swap: async (config, changes, now, keepUntil) => memory.swap(config, changes, now, keepUntil),
    };
  };

  it("decide statelessly what needs no session, and refuse the rest with `decide`", () => {
    const enforcer = createEnforcer(banking, { store: remote() });
    expect(enforcer.decide({ ...read(t0), session: undefined }).rule).toBe("reads");
    expect(enforcer.decide(read(t0))).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "this call needs its session, which an asynchronous store holds: use `decideAsync`",
    });
    expect(() => enforcer.record(enforcer.decide({ ...read(t0), session: undefined }), "x")).toThrow("the store is asynchronous: use `recordAsync`");
    expect(() => enforcer.observe("s", "x")).toThrow("the store is asynchronous: use `observeAsync`");
  });

  it("decide, record and observe with the `Async` methods", async () => {
    const enforcer = createEnforcer(banking, { store: remote() });
    const rules: string[] = [];
    for (let i = 0; i < 4; i++) rules.push((await enforcer.decideAsync(read(t0 + i))).rule);
    expect(rules).toEqual(["reads", "reads", "reads", "frequent"]);
    const fetched = await enforcer.decideAsync({ ...read(t0), session: "t" });
    await enforcer.recordAsync(fetched, "pay DE89370400440532013000");
    const pay = { tool: "send_money", session: "t", now: t0, args: { recipient: "DE89370400440532013000", amount: 1 } };
    expect((await enforcer.explainAsync(pay)).matched).toEqual(["no_untrusted_recipient", "small"]);
    await enforcer.observeAsync("u", "GB33BUKB20201555555555", { labels: ["untrusted"] });
    expect((await enforcer.decideAsync({ ...pay, session: "u", args: { recipient: "GB33BUKB20201555555555", amount: 1 } })).rule).toBe(
      "no_untrusted_recipient",
    );
  });

  it("deny with `$state-unavailable` when the store fails, and never reject", async () => {
    const broken = refusingStore("connection refused");
    const enforcer = createEnforcer(banking, { store: broken });
    expect(await enforcer.decideAsync(read(t0))).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "session state is unavailable: connection refused",
      session: "s",
    });
    expect((await enforcer.decideAsync({ ...read(t0), session: undefined })).rule).toBe("reads");
    expect((await enforcer.decideAsync(null)).rule).toBe("$invalid-request");
    await expect(enforcer.observeAsync("s", "x", { labels: ["untrusted"] })).rejects.toThrow("connection refused");
    expect(await enforcer.decideAsync(send({ recipient: "DE1", amount: 600 }))).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "the review could not be kept: connection refused",
    });
  });

  it("deny with `$state-unavailable` when a synchronous store throws, as `decideAsync` does, and never throw", () => {
    const fail = (): never => {
      throw new Error("disk gone");
    };
    const broken = Object.assign(new MemoryStore(), { transact: fail, read: fail, swap: fail });
    const enforcer = createEnforcer(banking, { store: broken });
    const lost = { effect: "deny", rule: "$state-unavailable", reason: "session state is unavailable: disk gone", session: "s" };
    expect(enforcer.decide(read(t0))).toMatchObject(lost);
    expect(enforcer.preview(read(t0))).toMatchObject(lost);
    expect(enforcer.decide({ ...read(t0), session: undefined }).rule).toBe("reads");
    expect(enforcer.decide(send({ recipient: "DE1", amount: 600 }))).toMatchObject({
      rule: "$state-unavailable",
      reason: "the review could not be kept: disk gone",
    });
    expect(() => enforcer.review("r")).toThrow("disk gone");
  });

  it("hold calls for review only with `decideAsync`, and keep the review in the store", async () => {
    // Status queries read the clock: pinned to the requests' time, the review is pending whenever the test runs.
    const enforcer = createEnforcer(banking, { store: remote(), clock: () => t0 });
    expect(enforcer.decide(send({ recipient: "DE1", amount: 600 }))).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "reviews are kept in the store, which is asynchronous: use `decideAsync`",
    });
    const held = await enforcer.decideAsync(send({ recipient: "DE1", amount: 600 }));
    expect(held.effect).toBe("review");
    expect(await enforcer.reviewAsync(held.approvals!.review)).toMatchObject({ ok: true, status: "pending", required: 2 });
    expect(await enforcer.rejectAsync(held.approvals!.review, { by: "ops", reason: "no" })).toMatchObject({ ok: true, status: "rejected" });
    expect(() => enforcer.review(held.approvals!.review)).toThrow("the store is asynchronous: use `reviewAsync`");
  });

  it("report a policy failure inside a transaction as `$error`, not as the store's", async () => {
    const enforcer = createEnforcer({ ...banking, evaluate: () => ({ effect: "allow", rule: 99 }) }, { store: remote() });
    expect(await enforcer.decideAsync(read(t0))).toMatchObject({
      rule: "$error",
      reason: "policy evaluation failed: the policy module returned a malformed outcome",
    });
  });
});

describe("previews", () => {
  const t0 = Date.parse(noon);
  const read = (at: number, extra: object = {}) => ({ tool: "read_file", session: "s", now: at, args: { path: "/tmp/a" }, ...extra });
  const prod = (at: number) => read(at, { context: { environment: "prod" } });
  const logged = () => {
    const entries: unknown[] = [];
    return { entries, log: { append: (entry: unknown) => void entries.push(entry) } };
  };

  it("give the decision `decide` would make now, as often as asked, with no call entering history and nothing logged", () => {
    const { entries, log } = logged();
    const enforcer = createEnforcer(banking, { idPrefix: "run-", log, clock: () => t0 });
    const rules: string[] = [];
    for (let i = 0; i < 5; i++) {
      const previews = [0, 1, 2].map(() => enforcer.preview(read(t0 + i)));
      expect(new Set(previews.map((p) => `${p.effect} ${p.rule}`)).size).toBe(1);
      const decided = enforcer.decide(read(t0 + i));
      expect([previews[0]!.effect, previews[0]!.rule]).toEqual([decided.effect, decided.rule]);
      rules.push(decided.rule);
    }
    // Three reads an hour: the previews counted none of them.
    expect(rules).toEqual(["reads", "reads", "reads", "frequent", "frequent"]);
    expect(entries).toHaveLength(5);
    // The decision ids stay a counter of decisions.
    expect(enforcer.decide(read(t0 + 9)).id).toBe("run-6");
    expect(enforcer.preview(read(t0 + 9))).toMatchObject({
      id: expect.stringMatching(/^run-preview-\d+$/),
      effect: "deny",
      rule: "frequent",
      tool: "read_file",
      session: "s",
    });
    expect(enforcer.explain(read(t0 + 9)).id).toBe("run-7");
  });

  it("look at the review a call would wait on without opening it, and see it pending once `decide` opened it", () => {
    const { entries, log } = logged();
    const enforcer = createEnforcer(banking, { log, clock: () => t0 });
    const before = enforcer.preview(prod(t0));
    expect(before).toMatchObject({ effect: "review", rule: "prod_reads" });
    expect(before.approvals).toBeUndefined();
    expect(entries).toEqual([]);
    const held = enforcer.decide(prod(t0));
    const review = held.approvals!.review;
    expect(enforcer.preview(prod(t0)).approvals).toEqual(held.approvals);
    expect(enforcer.preview(prod(t0)).approvals).toEqual(held.approvals);
    // Deciding again finds the same review pending: the previews opened none.
    expect(enforcer.decide(prod(t0)).approvals!.review).toBe(review);
    enforcer.reject(review, { by: "ops", reason: "not today" });
    // Rejected, the review no longer holds the call: deciding it would open a new one.
    const after = enforcer.preview(prod(t0));
    expect([after.effect, after.approvals]).toEqual(["review", undefined]);
    expect(entries.filter((e) => (e as { event: string }).event === "decision")).toHaveLength(2);
  });

  it("cannot be recorded, voided or redacted: only a decision runs a call", () => {
    const enforcer = createEnforcer(banking, { idPrefix: "run-" });
    const preview = enforcer.preview(read(t0));
    expect(preview.effect).toBe("allow");
    expect(() => enforcer.record(preview, "x")).toThrow("decision `run-preview-1` is a preview: no call ran, so there is nothing to record");
    expect(() => enforcer.abandon(preview)).toThrow("decision `run-preview-1` is a preview: no call ran, so there is nothing to abandon");
    expect(() => enforcer.redact(preview, "x")).toThrow("decision `run-preview-1` is a preview: no call ran");
    // Its id never names a decision, so the decision made next is recorded as usual.
    const decided = enforcer.decide(read(t0));
    expect(decided.id).toBe("run-1");
    expect(() => enforcer.record(decided, "x")).not.toThrow();
  });

  it("never throw, and fail closed as `decide` does", async () => {
    const enforcer = createEnforcer(banking);
    const hostile = {
      tool: "read_file",
      get args(): never {
        throw new Error("boom");
      },
    };
    expect(enforcer.preview(hostile)).toMatchObject({ effect: "deny", rule: "$invalid-request" });
    expect(enforcer.preview(null)).toMatchObject({ effect: "deny", rule: "$invalid-request" });
    expect(enforcer.preview({ ...read(t0), now: "yesterday" })).toMatchObject({
      rule: "$invalid-request",
      reason: "`now` must be an ISO 8601 timestamp or milliseconds",
    });
    const faulty = createEnforcer({
      ...banking,
      evaluate: () => {
        throw new Error("broken module");
      },
    });
    expect(faulty.preview(read(t0))).toMatchObject({ effect: "deny", rule: "$error", reason: "policy evaluation failed: broken module" });
    expect(await faulty.previewAsync(read(t0))).toMatchObject({ effect: "deny", rule: "$error" });
    // Decided without the session, the failure is the policy's too, as `decide` says.
    expect(faulty.preview({ ...read(t0), session: undefined })).toMatchObject({
      effect: "deny",
      rule: "$error",
      reason: "policy evaluation failed: broken module",
    });
    expect(faulty.decide({ ...read(t0), session: undefined })).toMatchObject({
      effect: "deny",
      rule: "$error",
      reason: "policy evaluation failed: broken module",
    });
  });

  it("preview with an asynchronous store through `previewAsync`; `preview` decides there only what needs no store", async () => {
    const memory = new MemoryStore();
    const remote: AsyncSessionStore = {
      synchronous: false,
      transact: async (config, session, now, attempt) => memory.transact(config, session, now, attempt),
      append: async (config, session, now, events) => memory.append(config, session, now, events),
      read: async (config, keys) => memory.read(config, keys),
      swap: async (config, changes, now, keepUntil) => memory.swap(config, changes, now, keepUntil),
    };
    const enforcer = createEnforcer(banking, { store: remote, clock: () => t0 });
    expect(enforcer.preview({ ...read(t0), session: undefined }).rule).toBe("reads");
    for (const request of [read(t0), { ...prod(t0), session: undefined }]) {
      expect(enforcer.preview(request)).toMatchObject({
        effect: "deny",
        rule: "$state-unavailable",
        reason: "this call needs the store, which is asynchronous: use `previewAsync`",
      });
    }
    for (let i = 0; i < 3; i++) await enforcer.decideAsync(read(t0 + i));
    expect(await enforcer.previewAsync(read(t0 + 3))).toMatchObject({ effect: "deny", rule: "frequent" });
    const held = await enforcer.decideAsync({ ...prod(t0), session: undefined });
    expect((await enforcer.previewAsync({ ...prod(t0), session: undefined })).approvals).toEqual(held.approvals);

    const broken = refusingStore("connection refused");
    const cut = createEnforcer(banking, { store: broken });
    expect(await cut.previewAsync(read(t0))).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "session state is unavailable: connection refused",
    });
    expect(await cut.previewAsync({ ...prod(t0), session: undefined })).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "session state is unavailable: connection refused",
    });
  });
});
