// Host-built approvals and rejections (getters that change their answer, throwing getters, Proxies): read once, refused rather than thrown.
import { beforeAll, describe, expect, it } from "vitest";
import { ed25519Approvers, generateKeys, signApproval } from "../../audit/src/index.js";
import { createEnforcer } from "../../runtime/src/enforcer/enforcer.js";
import type { Decision, LogEntry, PolicyModule } from "../../runtime/src/index.js";
import { compiledModule } from "../harness/compiled-module.js";

const source = `policy payments
tool send_money(recipient: string, amount: number)

rule large {
  review send_money
  when args.amount > 500
  approvals 2 of ["cfo", "controller", "treasurer"]
}
rule small { allow send_money when args.amount <= 500 }
`;

const names = ["cfo", "controller", "treasurer"] as const;
const keys = Object.fromEntries(names.map((n) => [n, generateKeys()])) as Record<(typeof names)[number], ReturnType<typeof generateKeys>>;
const now = Date.parse("2026-11-21T10:00:00Z");
const transfer = { tool: "send_money", session: "s1", args: { recipient: "DE89", amount: 900 } };
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(source, "payments.apol");
});

function setup() {
  const entries: LogEntry[] = [];
  const approvers = ed25519Approvers(Object.fromEntries(names.map((n) => [n, keys[n].publicKey])));
  const enforcer = createEnforcer(module, { clock: () => now, approvers, log: { append: (e) => entries.push(JSON.parse(JSON.stringify(e)) as LogEntry) } });
  return { enforcer, entries };
}

/** cfo's signed approval whose `approver` answers `cfo` to the first `honest` reads and `treasurer` after. */
function turncoat(held: Decision, honest: number): object {
  const signed = signApproval(keys.cfo.privateKey, held.approvals!.review, held.approvals!.digest, "cfo");
  let reads = 0;
  return {
    review: signed.review,
    digest: signed.digest,
    signature: signed.signature,
    get approver() {
      return ++reads <= honest ? "cfo" : "treasurer";
    },
  };
}

describe("a host-built approval", () => {
  it("is read once: a getter that names cfo to the checks and treasurer later counts as cfo, and cfo cannot approve twice", () => {
    for (const honest of [1, 2, 3, 4, 5, 6]) {
      const { enforcer, entries } = setup();
      const held = enforcer.decide(transfer);
      const id = held.approvals!.review;
      const first = enforcer.approve(id, turncoat(held, honest));
      expect(first).toMatchObject({ ok: true, approvers: ["cfo"] });
      const again = enforcer.approve(id, signApproval(keys.cfo.privateKey, id, held.approvals!.digest, "cfo"));
      expect(again).toMatchObject({ ok: false, status: "pending", reason: `\`cfo\` approved review \`${id}\` already` });
      expect(enforcer.decide(transfer).effect).toBe("review");
      // The log holds the approver the checks saw.
      expect(entries.filter((e) => e.event === "approval").map((e) => e.event === "approval" && e.approver)).toEqual(["cfo", "cfo"]);
    }
  });

  it("that throws or is a Proxy is refused, never thrown, and its refusal is logged", () => {
    const { enforcer, entries } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    const signed = signApproval(keys.cfo.privateKey, id, held.approvals!.digest, "cfo");
    const throwing = Object.defineProperty({ ...signed }, "signature", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const traps = new Proxy(signed, {
      ownKeys() {
        throw new Error("no keys");
      },
    });
    const revoked = Proxy.revocable(signed, {});
    revoked.revoke();
    const unprintable = {
      toString: () => {
        throw new Error("no text");
      },
    };
    const refusals = [
      enforcer.approve(id, throwing),
      enforcer.approve(id, traps),
      enforcer.approve(id, revoked.proxy),
      enforcer.approve(unprintable as unknown as string, signed),
      enforcer.approve(id, { ...signed, digest: 10n }),
    ];
    expect(refusals.map((r) => [r.ok, r.reason])).toEqual([
      [false, "malformed approval: `approval` could not be read: boom"],
      [false, "malformed approval: `approval` could not be read: no keys"],
      [false, expect.stringMatching(/^malformed approval: `approval` could not be read: .*revoked/)],
      [false, "malformed approval: the review id must be a string"],
      [false, "malformed approval: `approval.digest` is a bigint, which is not data"],
    ]);
    expect(entries.filter((e) => e.event === "approval")).toHaveLength(refusals.length);
    expect(enforcer.review(id)).toMatchObject({ status: "pending", approvers: [] });
  });

  it("a Proxy that answers each question its own way counts as what it answered first", () => {
    const { enforcer } = setup();
    const held = enforcer.decide(transfer);
    const id = held.approvals!.review;
    const signed = signApproval(keys.cfo.privateKey, id, held.approvals!.digest, "cfo");
    let gets = 0;
    const shifty = new Proxy(signed, { get: (target, key) => (key === "approver" && ++gets > 1 ? "treasurer" : Reflect.get(target, key)) });
    expect(enforcer.approve(id, shifty)).toMatchObject({ ok: true, approvers: ["cfo"] });
    expect(enforcer.approve(id, signed)).toMatchObject({ ok: false });
  });

  it("rejection is read once too, and a throwing one is refused", () => {
    const { enforcer } = setup();
    const id = enforcer.decide(transfer).approvals!.review;
    const throwing = Object.defineProperty({ by: "cfo" }, "reason", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(enforcer.reject(id, throwing as { by: string; reason: string })).toMatchObject({
      ok: false,
      reason: "malformed rejection: `rejection` could not be read: boom",
    });
    expect(enforcer.review(id).status).toBe("pending");
  });
});
