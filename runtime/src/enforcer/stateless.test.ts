import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Decision, PolicyModule } from "../contract.js";
import type { LogEntry } from "../log/decision-log.js";
import { createEnforcer } from "./enforcer.js";
import { createStatelessEnforcer, logTo, redaction } from "./stateless.js";
import { compiledModule } from "../../../test/harness/compiled-module.js";

// A stateless policy that uses what a stateless policy can: arguments, identity, `now`, a default, and `redact` rules
// on outputs and arguments (which the log must mask).
const STATELESS = `
policy office
enum Role { admin, staff }
user { role: Role }
tool read_file(path: string) returns untrusted
tool login(name: string, password: string)
tool pay(to: string, amount: number)
tool get_employee(id: string)

rule reads { allow read_file unless args.path like "/secret/**" }
rule logins { allow login }
rule hide_password { redact login args.password }
rule office_hours { deny pay when now.hour < 8 }
rule payments { allow pay when args.amount <= 200 }
rule employees { allow get_employee }
rule scrub { redact get_employee output.salary, output.staff[*].iban unless user.role == admin }
`;

const NO_REDACT = `
policy plain
tool read_file(path: string)
rule reads { allow read_file unless args.path like "/secret/**" }
`;

const NOON = Date.parse("2026-01-05T12:00:00Z");

let office: PolicyModule;
let plain: PolicyModule;
beforeAll(async () => {
  office = await compiledModule(STATELESS, "office.apol");
  plain = await compiledModule(NO_REDACT, "plain.apol");
});

/** Both enforcers of `module`, alike in everything the stateless one takes, each with its own log. */
function pair(module: PolicyModule, clock: (() => number) | null = () => NOON) {
  const fullLog: LogEntry[] = [];
  const lessLog: LogEntry[] = [];
  const maskArgs = { pay: ["to"] };
  const full = createEnforcer(module, { idPrefix: "t-", clock, log: { append: (e) => void fullLog.push(e) }, maskArgs, onWarning: () => {} });
  const less = createStatelessEnforcer(module, { idPrefix: "t-", clock, log: logTo({ append: (e) => void lessLog.push(e) }, { maskArgs }), redaction });
  return { full, less, fullLog, lessLog };
}

const getter = Object.defineProperty({ tool: "pay", args: { to: "a", amount: 1 } }, "now", {
  enumerable: true,
  get() {
    throw new Error("now getter");
  },
});
const trapAll = new Proxy(
  {},
  {
    get() {
      throw new Error("get");
    },
    ownKeys() {
      throw new Error("ownKeys");
    },
  },
);
const cyclic: Record<string, unknown> = { path: "/a" };
cyclic.self = cyclic;

const REQUESTS: readonly unknown[] = [
  { tool: "read_file", args: { path: "/tmp/a" } },
  { tool: "read_file", args: { path: "/secret/key" }, session: "s1" },
  { tool: "login", args: { name: "ann", password: "hunter2" }, user: { role: "staff" } },
  { tool: "login", args: { name: "ann" } },
  { tool: "pay", args: { to: "bob", amount: 100 } },
  { tool: "pay", args: { to: "bob", amount: 100 }, now: "2026-01-05T06:00:00Z" },
  { tool: "pay", args: { to: "bob", amount: 900 }, session: "s2" },
  { tool: "pay", args: { to: "bob", amount: 1 }, now: "yesterday" },
  { tool: "pay", args: { to: "bob", amount: 1 }, session: 7 },
  { tool: "get_employee", args: { id: "e1" }, user: { role: "staff" } },
  { tool: "get_employee", args: { id: "e1" }, user: { role: "admin" } },
  { tool: "get_employee", args: { id: 1 } },
  { tool: "delete_everything", args: {} },
  { tool: "__proto__", args: {} },
  getter,
  trapAll,
  { tool: "read_file", args: cyclic },
  new Proxy([], {}),
  null,
  "read_file",
];

describe("createStatelessEnforcer", () => {
  it("decides and logs every request as createEnforcer does, malformed ones included, explained or not", () => {
    for (const clock of [() => NOON, null]) {
      const { full, less, fullLog, lessLog } = pair(office, clock);
      for (const request of REQUESTS) {
        expect(less.decide(request)).toEqual(full.decide(request));
        expect(less.explain(request)).toEqual(full.explain(request));
      }
      expect(lessLog).toEqual(fullLog);
      expect(lessLog.length).toBe(2 * REQUESTS.length);
    }
  });

  it("masks what `redact` rules and `maskArgs` name in the log", () => {
    const { less, lessLog } = pair(office);
    less.decide({ tool: "login", args: { name: "ann", password: "hunter2" } });
    less.decide({ tool: "pay", args: { to: "bob", amount: 100 } });
    expect(JSON.stringify(lessLog)).not.toMatch(/hunter2|bob/);
  });

  it("redacts outputs as createEnforcer does, and refuses what it refuses", () => {
    const { full, less } = pair(office);
    const request = { tool: "get_employee", args: { id: "e1" }, user: { role: "staff" } };
    const output = { name: "ann", salary: 1, staff: [{ iban: "DE1" }, { iban: "DE2" }] };
    const decision = less.decide(request);
    expect(decision.redactions).toEqual(["scrub"]);
    expect(less.redact(decision, output)).toEqual(full.redact(full.decide(request), output));
    const denied = less.decide({ tool: "read_file", args: { path: "/secret/x" } });
    expect(() => less.redact(denied, output)).toThrow("a denied call has no output to redact");
    expect(() => less.redact({ ...decision, id: "other-1" }, output)).toThrow("`redact` takes a decision this enforcer made");
  });

  it("redacts nothing for a policy without `redact` rules, with no redaction passed", () => {
    const less = createStatelessEnforcer(plain, { idPrefix: "p-" });
    const decision = less.decide({ tool: "read_file", args: { path: "/a" } });
    expect(decision).toMatchObject({ effect: "allow", rule: "reads", id: "p-1" });
    const output = { text: "hi" };
    expect(less.redact(decision, output)).toEqual({ output, redacted: [] });
    expect(() => less.redact(less.decide({ tool: "read_file", args: { path: "/secret/a" } }), output)).toThrow("a denied call has no output to redact");
    expect(() => less.redact({ ...decision, id: "q-1" }, output)).toThrow("`redact` takes a decision this enforcer made");
    expect(() => less.redact({ ...decision, redactions: ["scrub"] }, output)).toThrow("`scrub`, which is no `redact` rule of the policy");
  });

  it("turns a failing log into a `$error` deny, as createEnforcer does", () => {
    const failing = logTo({
      append() {
        throw new Error("disk full");
      },
    });
    const less = createStatelessEnforcer(plain, { log: failing });
    expect(less.decide({ tool: "read_file", args: { path: "/a" } })).toMatchObject({
      effect: "deny",
      rule: "$error",
      reason: "the decision log failed: disk full",
    });
  });

  it("never throws, and decides any value as createEnforcer does", () => {
    const { full, less } = pair(office);
    const request = fc.oneof(
      fc.anything(),
      fc.record(
        { tool: fc.constantFrom("read_file", "login", "pay", "get_employee", "nope"), args: fc.anything(), now: fc.anything(), user: fc.anything() },
        { requiredKeys: ["tool"] },
      ),
    );
    fc.assert(
      fc.property(request, (r) => {
        expect(less.decide(r)).toEqual(full.decide(r));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a policy that needs a store, a `redact` policy without redaction, and a log that is not `logTo`'s", async () => {
    const counting = await compiledModule(`policy c\ntool f(x: int)\nrule few { allow f when count(f, 1h) < 3 }\n`, "c.apol");
    const reviewing = await compiledModule(`policy r\ntool f(x: int)\nrule hold { review f when args.x > 1 }\nrule ok { allow f }\n`, "r.apol");
    expect(() => createStatelessEnforcer(counting)).toThrow(
      "policy `c` is not stateless (its rules read session state): use `createEnforcer` of `@apol/runtime`",
    );
    expect(() => createStatelessEnforcer(reviewing)).toThrow("policy `r` is not stateless (it has `review` rules, whose reviews a store keeps)");
    expect(() => createStatelessEnforcer(office)).toThrow("policy `office` has `redact` rules: pass `redaction` of `@apol/runtime/stateless`");
    const sink = { append: (_: LogEntry) => {} };
    expect(() => createStatelessEnforcer(plain, { log: sink as never })).toThrow("`log` takes `logTo(sink)` of `@apol/runtime/stateless`");
    expect(() => createStatelessEnforcer({} as PolicyModule)).toThrow("not a compiled apol policy module");
  });

  it("gives each decision a fresh id with the enforcer's prefix", () => {
    const less = createStatelessEnforcer(plain);
    const ids = [1, 2, 3].map(() => (less.decide({ tool: "read_file", args: { path: "/a" } }) as Decision).id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toMatch(/^[0-9a-z]{6}-1$/);
  });

  it("reads no field of a request from a polluted Object.prototype, once its fast reads are optimised", () => {
    const { full, less } = pair(office);
    for (let i = 0; i < 20_000; i++) for (const e of [full, less]) e.decide({ tool: "pay", args: { to: "a", amount: i % 400 } });
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.now = "not a time";
      proto.session = 7;
      // Both would refuse the request were they read: an inherited `now` or `session` is no `now` or `session`.
      for (const e of [full, less]) expect(e.decide({ tool: "pay", args: { to: "a", amount: 5 } })).toMatchObject({ effect: "allow", rule: "payments" });
      delete proto.now;
      delete proto.session;
      proto.tool = "pay";
      for (const e of [full, less]) {
        const decision = e.decide({ args: { to: "a", amount: 5 } });
        expect(decision).toMatchObject({ effect: "deny", rule: "$invalid-request" });
        expect(Object.hasOwn(decision, "tool")).toBe(false);
      }
      delete proto.tool;
      // A getter there is never run: it would give the copy the field it was asked for.
      const calls: string[] = [];
      for (const key of ["now", "session", "tool"])
        Object.defineProperty(proto, key, {
          configurable: true,
          get(this: Record<string, unknown>) {
            calls.push(key);
            Object.defineProperty(this, key, { value: "pay", enumerable: true, configurable: true, writable: true });
            return "pay";
          },
        });
      for (const e of [full, less]) expect(e.decide({ args: { to: "a", amount: 5 } })).toMatchObject({ effect: "deny", rule: "$invalid-request" });
      expect(calls).toEqual([]);
    } finally {
      for (const key of ["now", "session", "tool"]) delete proto[key];
    }
  });
});
