// The review flow end to end on a compiled policy: N-of-M approvals, every refusal, expiry, exactly-once release and the log entries.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { ed25519Approvers, generateKeys, signApproval } from "../../audit/src/index.js";
import type { Decision, LogEntry, PolicyModule } from "../../runtime/src/index.js";
import { createEnforcer, type EnforcerOptions } from "../../runtime/src/enforcer/enforcer.js";
import { MemoryStore } from "../../runtime/src/store/memory-store.js";
import { compiledModule } from "../harness/compiled-module.js";

const source = `policy payments
tool send_money(recipient: string, amount: number, memo?: string)
tool delete_repo(name: string)
tool read_file(path: string)

const finance = ["cfo", "controller", "treasurer"]

rule large {
  review send_money
  when args.amount > 500
  approvals 2 of finance
  expires 1h
  reason "transfers above 500 need two finance approvals"
}

rule small {
  allow send_money
  when args.amount <= 1000
}

rule repos {
  review delete_repo
  approvals 1 of ["cto"]
}

rule reads {
  review read_file
}
`;

const names = ["cfo", "controller", "treasurer", "cto", "intern"] as const;
type Name = (typeof names)[number];
const keys = Object.fromEntries(names.map((n) => [n, generateKeys()])) as Record<Name, ReturnType<typeof generateKeys>>;
const start = Date.parse("2026-11-21T10:00:00Z");
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(source, "payments.apol");
});

/** An enforcer whose clock the test moves, with every approver but the intern registered, and a log it can read. */
function setup(options: EnforcerOptions = {}) {
  let now = start;
  const entries: LogEntry[] = [];
  const registered = Object.fromEntries(names.filter((n) => n !== "intern").map((n) => [n, keys[n].publicKey]));
  const enforcer = createEnforcer(module, { clock: () => now, approvers: ed25519Approvers(registered), log: { append: (e) => entries.push(e) }, ...options });
  return { enforcer, entries, advance: (ms: number) => (now += ms) };
}

const transfer = { tool: "send_money", session: "s1", args: { recipient: "DE89", amount: 900 } };
const sign = (held: Decision, who: Name, digest = held.approvals!.digest, review = held.approvals!.review) =>
  signApproval(keys[who].privateKey, review, digest, who);

describe("a review decision", () => {
  it("names its review, the call's digest and what releases it", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    expect(held.effect).toBe("review");
    expect(held.approvals).toEqual({
      review: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      required: 2,
      from: ["cfo", "controller", "treasurer"],
      expiresAt: "2026-11-21T11:00:00.000Z",
    });
  });

  it("is the same pending review when the same call is proposed again, and a new one for changed arguments", () => {
    const { enforcer } = setup();
    const first = enforcer.decide(transfer);
    const again = enforcer.decide(transfer);
    const changed = enforcer.decide({ ...transfer, args: { ...transfer.args, amount: 901 } });
    const otherSession = enforcer.decide({ ...transfer, session: "s2" });
    expect(again.approvals).toEqual(first.approvals);
    expect(again.id).not.toBe(first.id);
    expect(changed.approvals!.review).not.toBe(first.approvals!.review);
    expect(changed.approvals!.digest).not.toBe(first.approvals!.digest);
    expect(otherSession.approvals!.digest).not.toBe(first.approvals!.digest);
  });

  it("binds the digest to the canonical arguments: key order does not matter", () => {
    const { enforcer } = setup();
    const a = enforcer.decide(transfer);
    const b = enforcer.decide({ ...transfer, args: { amount: 900, recipient: "DE89" } });
    expect(b.approvals!.review).toBe(a.approvals!.review);
  });
});

describe("N of M approvals", () => {
  it("releases after two distinct listed approvers (2 of 3), exactly once", () => {
    const { enforcer, entries } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    expect(enforcer.approve(id, sign(held, "cfo"))).toEqual({
      ok: true,
      review: id,
      status: "pending",
      reason: "approved by `cfo`: 1 of 2",
      approvers: ["cfo"],
      required: 2,
      expiresAt: "2026-11-21T11:00:00.000Z",
    });
    expect(enforcer.decide(transfer).effect).toBe("review");
    expect(enforcer.approve(id, sign(held, "treasurer"))).toMatchObject({ ok: true, status: "released", reason: "released: approved by cfo, treasurer" });
    expect(enforcer.review(id)).toMatchObject({ ok: true, status: "released", approvers: ["cfo", "treasurer"] });

    const released = enforcer.decide(transfer);
    expect(released).toMatchObject({
      effect: "allow",
      rule: "large",
      reason: "transfers above 500 need two finance approvals (approved by cfo, treasurer)",
      approved: { review: id, digest: held.approvals!.digest, by: ["cfo", "treasurer"] },
    });
    expect(enforcer.review(id)).toMatchObject({ status: "used" });

    const next = enforcer.decide(transfer);
    expect(next.effect).toBe("review");
    expect(next.approvals!.review).not.toBe(id);
    expect(entries.map((e) => e.event)).toEqual(["decision", "approval", "decision", "approval", "release", "decision", "decision"]);
    expect(entries[4]).toEqual({ event: "release", review: id, digest: held.approvals!.digest, by: ["cfo", "treasurer"], decisionId: released.id });
  });

  it("releases after one approval when the rule needs one (1 of 1)", () => {
    const { enforcer } = setup();
    const held = enforcer.decide({ tool: "delete_repo", args: { name: "infra" } });
    expect(enforcer.approve(held.approvals!.review, sign(held, "cto"))).toMatchObject({ ok: true, status: "released" });
    expect(enforcer.decide({ tool: "delete_repo", args: { name: "infra" } })).toMatchObject({ effect: "allow", rule: "repos" });
  });

  it("lets any registered approver approve a review rule without an approvers list", () => {
    const { enforcer } = setup();
    const held = enforcer.decide({ tool: "read_file", args: { path: "/etc/hosts" } });
    expect(held.approvals).not.toHaveProperty("from");
    expect(enforcer.approve(held.approvals!.review, sign(held, "controller"))).toMatchObject({ ok: true, status: "released" });
    expect(enforcer.approve(held.approvals!.review, sign(held, "intern"))).toMatchObject({ ok: false });
  });

  it("lets an approved call that history counts enter history", async () => {
    const counted = await compiledModule(
      `policy counted
tool send_money(recipient: string, amount: number)
rule large {
  review send_money
  when args.amount > 500
  approvals 1 of ["cfo"]
}
rule small { allow send_money when args.amount <= 1000 }
rule limit { deny send_money when count(send_money, 1h) >= 1 }
`,
      "counted.apol",
    );
    const enforcer = createEnforcer(counted, { clock: () => start, approvers: ed25519Approvers({ cfo: keys.cfo.publicKey }) });
    const held = enforcer.decide(transfer);
    enforcer.approve(held.approvals!.review, sign(held, "cfo"));
    expect(enforcer.decide(transfer).effect).toBe("allow");
    expect(enforcer.decide({ ...transfer, args: { recipient: "DE89", amount: 10 } })).toMatchObject({ effect: "deny", rule: "limit" });
  });
});

describe("refusals", () => {
  const refusal = (state: { ok: boolean; reason: string }) => (expect(state.ok).toBe(false), state.reason);

  it("refuses a duplicate approver", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    enforcer.approve(id, sign(held, "cfo"));
    expect(refusal(enforcer.approve(id, sign(held, "cfo")))).toBe(`\`cfo\` approved review \`${id}\` already`);
    expect(enforcer.review(id)).toMatchObject({ status: "pending", approvers: ["cfo"] });
  });

  it("refuses an approver the rule does not list, and one with no registered key", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    expect(refusal(enforcer.approve(id, sign(held, "cto")))).toBe("`cto` may not approve rule `large`: its approvers are `cfo`, `controller`, `treasurer`");
    expect(refusal(enforcer.approve(id, sign(held, "intern")))).toBe("unknown approver `intern`: no public key is registered under that name");
  });

  it("refuses a bad signature: another key's, or a signature of another review", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    const forged = { ...signApproval(keys.intern.privateKey, id, held.approvals!.digest, "cfo") };
    expect(refusal(enforcer.approve(id, forged))).toBe("bad signature: `cfo`'s key did not sign this review and digest");
    const otherReview = { ...sign(held, "cfo", held.approvals!.digest, "another-review"), review: id };
    expect(refusal(enforcer.approve(id, otherReview))).toBe("bad signature: `cfo`'s key did not sign this review and digest");
    expect(refusal(enforcer.approve(id, { ...sign(held, "cfo"), signature: "not base64 at all" }))).toBe(
      "bad signature: `cfo`'s key did not sign this review and digest",
    );
  });

  it("refuses an approval of another call's digest", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    const other = enforcer.decide({ ...transfer, args: { recipient: "DE89", amount: 999 } });
    const id = held.approvals!.review;
    expect(refusal(enforcer.approve(id, sign(held, "cfo", other.approvals!.digest)))).toBe(
      `the approval is for another call (digest \`${other.approvals!.digest}\`): review \`${id}\` holds \`${held.approvals!.digest}\``,
    );
  });

  it("refuses a replayed approval: one of a review whose call has run, on that review or on the next review of the same call", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    const cfo = sign(held, "cfo");
    enforcer.approve(id, cfo);
    enforcer.approve(id, sign(held, "controller"));
    expect(refusal(enforcer.approve(id, sign(held, "treasurer")))).toBe(`review \`${id}\` is released already`);
    expect(enforcer.decide(transfer).effect).toBe("allow");
    const used = `review \`${id}\` was released and its call has run: a new call needs a new review`;
    expect(refusal(enforcer.approve(id, cfo))).toBe(used);
    expect(refusal(enforcer.approve(id, sign(held, "treasurer")))).toBe(used);

    const next = enforcer.decide(transfer).approvals!.review;
    expect(refusal(enforcer.approve(next, cfo))).toBe(`malformed approval: the approval is for review \`${id}\`, not \`${next}\``);
    const { review: _, ...unnamed } = cfo;
    expect(refusal(enforcer.approve(next, unnamed))).toBe("bad signature: `cfo`'s key did not sign this review and digest");
    expect(enforcer.review(next)).toMatchObject({ status: "pending", approvers: [] });
  });

  it("refuses every approval of an expired review, and the call is held anew", () => {
    const { enforcer, advance } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    enforcer.approve(id, sign(held, "cfo"));
    advance(3_600_000);
    expect(refusal(enforcer.approve(id, sign(held, "controller")))).toBe(`review \`${id}\` expired at 2026-11-21T11:00:00.000Z`);
    expect(enforcer.review(id)).toMatchObject({ ok: true, status: "expired" });
    const again = enforcer.decide(transfer);
    expect(again.approvals!.review).not.toBe(id);
  });

  it("does not let a released review that expired release the call", () => {
    const { enforcer, advance } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    enforcer.approve(id, sign(held, "cfo"));
    enforcer.approve(id, sign(held, "controller"));
    advance(3_600_000);
    const late = enforcer.decide(transfer);
    expect(late.effect).toBe("review");
    expect(late.approvals!.review).not.toBe(id);
  });

  it("ends a review on rejection: no approval releases it afterwards", () => {
    const { enforcer, entries } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    enforcer.approve(id, sign(held, "cfo"));
    expect(enforcer.reject(id, { by: "controller", reason: "unknown recipient" })).toMatchObject({
      ok: true,
      status: "rejected",
      reason: "rejected by `controller`: unknown recipient",
    });
    expect(refusal(enforcer.approve(id, sign(held, "treasurer")))).toBe(`review \`${id}\` was rejected by \`controller\`: unknown recipient`);
    expect(refusal(enforcer.reject(id, { by: "cfo", reason: "again" }))).toBe(`review \`${id}\` was rejected by \`controller\`: unknown recipient`);
    expect(enforcer.decide(transfer).approvals!.review).not.toBe(id);
    expect(entries.filter((e) => e.event === "rejection")).toHaveLength(2);
  });

  it("refuses an unknown review id and a malformed approval without throwing", () => {
    const { enforcer } = setup();
    expect(enforcer.approve("nope", { approver: "cfo", digest: "x", signature: "y" })).toEqual({
      ok: false,
      review: "nope",
      status: "unknown",
      reason: "no review `nope` is held: it was never opened, or it ended and was forgotten",
      approvers: [],
      required: 0,
    });
    expect(enforcer.approve("nope", null).reason).toBe("malformed approval: an approval must be an object with `approver`, `digest` and `signature`");
    expect(enforcer.approve("nope", { approver: 1, digest: "x", signature: "y" }).reason).toBe(
      "malformed approval: the approval's `approver` must be a string",
    );
    const held = enforcer.decide(transfer);
    expect(enforcer.approve(held.approvals!.review, { ...sign(held, "cfo"), review: "other" }).reason).toBe(
      `malformed approval: the approval is for review \`other\`, not \`${held.approvals!.review}\``,
    );
  });

  it("never throws and never releases on arbitrary JSON as an approval", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (approval, review) => {
        expect(enforcer.approve(review, approval).ok).toBe(false);
        expect(enforcer.approve(id, approval).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(enforcer.review(id)).toMatchObject({ status: "pending", approvers: [] });
  });
});

describe("the log", () => {
  it("holds the decision with its arguments, masked as configured, and says which were masked", () => {
    const { enforcer, entries } = setup({ maskArgs: { send_money: ["recipient"], "*": ["memo"] } });
    const d = enforcer.decide({ tool: "send_money", args: { recipient: "DE89", amount: 5, memo: "rent" } });
    expect(entries).toEqual([
      { event: "decision", decision: d, args: { recipient: "[redacted]", amount: 5, memo: "[redacted]" }, masked: ["args.memo", "args.recipient"] },
    ]);
  });

  it("fails the decision closed when the log cannot take it", () => {
    const enforcer = createEnforcer(module, {
      log: {
        append: () => {
          throw new Error("disk full");
        },
      },
    });
    expect(enforcer.decide({ tool: "send_money", args: { recipient: "DE89", amount: 5 } })).toMatchObject({
      effect: "deny",
      rule: "$error",
      reason: "the decision log failed: disk full",
    });
  });

  it("rejects a malformed mask at construction", () => {
    expect(() => createEnforcer(module, { maskArgs: { send_money: ["a..b"] } })).toThrow(
      "`maskArgs`: `a..b` is not an argument path like `card.number` or `items[*].iban`",
    );
  });
});

describe("stores", () => {
  it("shares reviews between enforcers of one policy on one store, as a fleet shares them through Redis", () => {
    const store = new MemoryStore();
    const a = setup({ store }).enforcer;
    const b = setup({ store }).enforcer;
    const held = a.decide(transfer);
    b.approve(held.approvals!.review, sign(held, "cfo"));
    a.approve(held.approvals!.review, sign(held, "controller"));
    expect(b.decide(transfer).effect).toBe("allow");
    expect(a.decide(transfer).effect).toBe("review");
  });

  it("fails a review closed when the memory store is full of reviews", () => {
    const { enforcer } = setup({ store: new MemoryStore({ maxRecords: 2 }) });
    expect(enforcer.decide(transfer).effect).toBe("review");
    expect(enforcer.decide({ ...transfer, args: { recipient: "X", amount: 600 } })).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: "the review could not be kept: the memory store holds 2 review records, the limit",
    });
  });
});
