// Host-built requests and approvals (getters, Proxies, throwing getters, cycles, bigints, sparse arrays, deep nesting) through
// `decide`, `explain`, a real `AuditLog` and `approve`: the runtime never throws, never allows what the request's plain
// snapshot would not, and every decision reaches the log.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, ed25519Approvers, generateKeys, segments, signApproval, verifyLog, type LogRecord } from "../../audit/src/index.js";
import { createEnforcer, type Enforcer } from "../../runtime/src/enforcer/enforcer.js";
import type { Decision, PolicyModule } from "../../runtime/src/index.js";
import { compiledModule } from "../harness/compiled-module.js";

const source = `policy hostile
tool send_money(recipient: string, amount: number, memo?: string)
tool send_email(to: string, tags?: string[])

rule no_bob { deny send_email when args.to startsWith "bob" }
rule secret_tag { deny send_email when has(args.tags) and "secret" in args.tags }
rule mail { allow send_email }
rule large { review send_money when args.amount > 1000 approvals 2 of ["cfo", "controller", "treasurer"] }
rule small { allow send_money when args.amount > 0 and args.amount <= 1000 }
`;

const names = ["cfo", "controller", "treasurer"] as const;
const keys = Object.fromEntries(names.map((n) => [n, generateKeys()])) as Record<(typeof names)[number], ReturnType<typeof generateKeys>>;
const logKeys = generateKeys();
const dir = mkdtempSync(join(tmpdir(), "apol-hostile-"));
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(source, "hostile.apol");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An enforcer logging to a real `AuditLog`, and `close`, which checks that the log verifies and returns the ids of the decisions it holds. */
function logged(name: string): { enforcer: Enforcer; close: () => string[] } {
  const path = join(dir, name);
  const log = new AuditLog({ path, privateKey: logKeys.privateKey, sync: false });
  const approvers = ed25519Approvers(Object.fromEntries(names.map((n) => [n, keys[n].publicKey])));
  const enforcer = createEnforcer(module, { log, approvers, clock: () => Date.parse("2026-11-21T10:00:00Z") });
  const close = () => {
    log.close();
    const files = segments(path).map((file) => ({ name: file, text: readFileSync(file, "utf8") }));
    const records = files.flatMap((f) =>
      f.text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as LogRecord),
    );
    expect(verifyLog(files, logKeys.publicKey).problem).toBeUndefined();
    return records.flatMap((r) =>
      r.kind === "entry" && (r.data as { event: string }).event === "decision" ? [(r.data as { decision: Decision }).decision.id] : [],
    );
  };
  return { enforcer, close };
}

/** An array nested `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** A getter that answers `first` once and `later` every time after. */
function flipping<T extends object>(target: T, key: string, first: unknown, later: unknown): T {
  let reads = 0;
  return Object.defineProperty(target, key, { enumerable: true, configurable: true, get: () => (++reads === 1 ? first : later) });
}

describe("regressions", () => {
  it("logs a denied call whose extra argument nests 5,000 arrays deep, and values with no JSON form, instead of a `$error` that reaches no log", async () => {
    const { enforcer, close } = logged("deep.log");
    const cyclic: Record<string, unknown> = { recipient: "DE89" };
    cyclic.self = cyclic;
    const throwing = Object.defineProperty({ recipient: "DE89", amount: 5 }, "memo", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const requests = [
      { tool: "send_money", args: { recipient: "DE89", amount: 5, extra: nested(5000) } },
      { tool: "send_money", args: { recipient: "DE89", amount: 10n } },
      { tool: "send_money", args: cyclic },
      { tool: "send_money", args: throwing },
      {
        tool: "send_money",
        args: new Proxy(
          { recipient: "DE89", amount: 5 },
          {
            ownKeys: () => {
              throw new Error("trap");
            },
          },
        ),
      },
      { tool: "send_email", args: { to: "ann@example.com", tags: [, , "a"] } },
    ];
    const decisions: Decision[] = [];
    for (const r of requests) decisions.push(enforcer.decide(r), enforcer.explain(r), await enforcer.decideAsync(r), await enforcer.explainAsync(r));
    expect(decisions.map((d) => `${d.effect} ${d.rule}`)).toEqual(Array.from({ length: decisions.length }, () => "deny $invalid-request"));
    expect(decisions[0]!.reason).toBe(`\`request.args.extra${"[0]".repeat(62)}\` is nested deeper than 64 levels`);
    expect(close()).toEqual(decisions.map((d) => d.id));
  });

  it("decides on the value it validated: a getter that answers `bob` to validation and a lying object later cannot dodge a deny", () => {
    const { enforcer, close } = logged("getter.log");
    const args = flipping({}, "to", "bob@example.com", { startsWith: () => false });
    expect(enforcer.decide({ tool: "send_email", args })).toMatchObject({ effect: "deny", rule: "no_bob" });
    let gets = 0;
    const proxied = new Proxy({ to: "bob@example.com" }, { get: (t, k) => (k === "to" && gets++ > 0 ? { startsWith: () => false } : Reflect.get(t, k)) });
    expect(enforcer.decide({ tool: "send_email", args: proxied })).toMatchObject({ effect: "deny", rule: "no_bob" });
    expect(close()).toHaveLength(2);
  });
});

/** Plain requests to the policy's tools, and to a tool it does not declare. */
const arbRequest = fc.oneof(
  fc.record({
    tool: fc.constant("send_money"),
    session: fc.constant("s"),
    args: fc.record(
      {
        recipient: fc.string({ maxLength: 4 }),
        amount: fc.oneof(fc.integer({ min: -5, max: 1500 }), fc.string({ maxLength: 2 })),
        memo: fc.string({ maxLength: 4 }),
      },
      { requiredKeys: ["recipient", "amount"] },
    ),
  }),
  fc.record({
    tool: fc.constant("send_email"),
    args: fc.record(
      { to: fc.constantFrom("bob@x.example", "ann@x.example", "b"), tags: fc.array(fc.constantFrom("secret", "a", "b"), { maxLength: 3 }) },
      { requiredKeys: ["to"] },
    ),
  }),
  fc.record({
    tool: fc.constantFrom("update_passwd", "__proto__"),
    args: fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  }),
);

/** What answers a second read: something that would make a deny rule miss or an allow rule match. */
const arbLater = fc.oneof(fc.constant({ startsWith: () => false }), fc.constant(["a"]), fc.constant(5), fc.constant("ann@x.example"), fc.constant(undefined));

/** Ways of rebuilding a request's `args` that read as the same data once, and answer differently after. */
type Disguise = "getters" | "proxy" | "request-proxy";
/** Things that are not data, put somewhere in the arguments. */
const poisons: Record<string, () => unknown> = {
  throwing: () =>
    Object.defineProperty({}, "x", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    }),
  cycle: () => {
    const a: unknown[] = [];
    a.push(a);
    return a;
  },
  bigint: () => 7n,
  symbol: () => Symbol("s"),
  function: () => () => 1,
  sparse: () => [, "a"],
  deep: () => nested(5000),
  trap: () =>
    new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("trap");
        },
      },
    ),
};

function disguise(request: { tool: string; args: Record<string, unknown> }, how: Disguise, later: unknown): unknown {
  if (how === "getters") {
    const args = {};
    for (const [k, v] of Object.entries(request.args)) flipping(args, k, v, later);
    return { ...request, args };
  }
  const answering = <T extends object>(target: T): T => {
    const reads = new Map<PropertyKey, number>();
    return new Proxy(target, {
      get(t, key, receiver) {
        const n = (reads.get(key) ?? 0) + 1;
        reads.set(key, n);
        return n === 1 ? Reflect.get(t, key, receiver) : later;
      },
    });
  };
  return how === "proxy" ? { ...request, args: answering({ ...request.args }) } : answering({ ...request });
}

describe("hostile requests", () => {
  it("read as the same data once are decided as that data, however they answer later; every decision reaches the log", () => {
    const { enforcer, close } = logged("disguised.log");
    const expected: string[] = [];
    fc.assert(
      fc.property(arbRequest, fc.constantFrom<Disguise>("getters", "proxy", "request-proxy"), arbLater, fc.boolean(), (request, how, later, explain) => {
        const plain = explain ? enforcer.explain(request) : enforcer.decide(request);
        const hostile = explain ? enforcer.explain(disguise(request, how, later)) : enforcer.decide(disguise(request, how, later));
        expected.push(plain.id, hostile.id);
        expect([hostile.effect, hostile.rule, hostile.reason]).toEqual([plain.effect, plain.rule, plain.reason]);
      }),
      { numRuns: 300 },
    );
    expect(close()).toEqual(expected);
  });

  it("holding anything that is not data are denied as invalid, never thrown, and logged", () => {
    const { enforcer, close } = logged("poisoned.log");
    const expected: string[] = [];
    fc.assert(
      fc.property(
        arbRequest,
        fc.constantFrom(...Object.keys(poisons)),
        fc.constantFrom("extra", "recipient", "to", "amount", "tags"),
        fc.boolean(),
        (request, poison, key, explain) => {
          const hostile = { ...request, args: { ...request.args, [key]: poisons[poison]!() } };
          let decision: Decision | undefined;
          expect(() => (decision = explain ? enforcer.explain(hostile) : enforcer.decide(hostile))).not.toThrow();
          expected.push(decision!.id);
          expect([decision!.effect, decision!.rule]).toEqual(["deny", "$invalid-request"]);
        },
      ),
      { numRuns: 300 },
    );
    expect(close()).toEqual(expected);
  });

  it("never let one approver's key fill a quorum, whatever the approval object answers, and `approve` never throws", () => {
    const { enforcer, close } = logged("approvals.log");
    fc.assert(
      fc.property(fc.constantFrom<Disguise | keyof typeof poisons>("getters", "proxy", ...Object.keys(poisons)), fc.constantFrom(...names), (how, other) => {
        const held = enforcer.decide({ tool: "send_money", session: "s", args: { recipient: "DE89", amount: 5000 } });
        const id = held.approvals!.review;
        const signed = signApproval(keys.cfo.privateKey, id, held.approvals!.digest, "cfo");
        const hostile =
          how === "getters" || how === "proxy"
            ? (disguise({ tool: "", args: { ...signed } }, how, other) as { args: unknown }).args
            : { ...signed, signature: poisons[how]!() };
        let first: ReturnType<Enforcer["approve"]> | undefined;
        expect(() => (first = enforcer.approve(id, hostile))).not.toThrow();
        const second = enforcer.approve(id, signed);
        expect(first!.ok && second.ok).toBe(false);
        expect(enforcer.review(id).status).toBe("pending");
        enforcer.reject(id, { by: "cfo", reason: "done" });
      }),
      { numRuns: 60 },
    );
    close();
  });
});
