// `needsReview`, `openReview` and `rejectReview`: what every adapter's bridge to its SDK's approval step asks of apol, changing nothing until the host acts.
import { beforeAll, describe, expect, it } from "vitest";
import { ed25519Approvers, generateKeys, signApproval } from "@apol/audit";
import { createEnforcer, needsReview, openReview, rejectReview, type Enforcer, type LogEntry, type PolicyModule } from "@apol/runtime";
import { compiledModule } from "../harness/compiled-module.js";
import { refusingStore } from "../harness/refusing-store.js";

const source = `policy shop
tool delete_account(id: string)
tool get_customer(id: string)
rule root { deny delete_account when args.id == "root" }
rule deletions { review delete_account approvals 1 of ["cto"] reason "deleting an account needs the cto" }
rule hourly { deny delete_account when count(delete_account, 1h) >= 1 reason "one deletion an hour" }
rule reads { allow get_customer }
`;

const cto = generateKeys();
const caller = { session: "t1" };
const remove = (id: string) => ({ tool: "delete_account", args: { id } });
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(source, "shop.apol");
});

function setup() {
  const entries: LogEntry[] = [];
  const enforcer = createEnforcer(module, { approvers: ed25519Approvers({ cto: cto.publicKey }), log: { append: (entry) => void entries.push(entry) } });
  return { enforcer, entries, events: () => entries.map((e) => (e.event === "decision" ? `${e.decision.effect} ${e.decision.rule}` : e.event)) };
}

const sign = (enforcer: Enforcer, approvals: { review: string; digest: string }) =>
  enforcer.approveAsync(approvals.review, signApproval(cto.privateKey, approvals.review, approvals.digest, "cto"));

describe("needsReview", () => {
  it("pauses a call held for review or released, never one the policy allows or denies, nor one it cannot decide", async () => {
    const { enforcer, events } = setup();
    expect(await needsReview(enforcer, caller, { tool: "get_customer", args: { id: "c1" } })).toBe(false);
    expect(await needsReview(enforcer, caller, remove("root"))).toBe(false);
    expect(await needsReview(enforcer, caller, remove("a1"))).toBe(true);
    const held = await openReview(enforcer, caller, remove("a1"));
    expect(await needsReview(enforcer, caller, remove("a1"))).toBe(true);
    await sign(enforcer, held.approvals!);
    // Released, the SDK must still ask for approval: that approval lets `execute` use the release.
    expect(await needsReview(enforcer, caller, remove("a1"))).toBe(true);
    expect(await needsReview(enforcer, caller, remove("a1"))).toBe(true);
    expect(events()).toEqual(["review deletions", "approval"]);

    const broken = refusingStore("connection refused");
    // The store failing: no pause, so `execute` decides for real and fails closed there.
    expect(await needsReview(createEnforcer(module, { store: broken, onWarning: () => {} }), caller, remove("a1"))).toBe(false);
  });
});

describe("openReview", () => {
  it("opens the review once (one logged decision), finds it pending after, and leaves a release for the call that runs", async () => {
    const { enforcer, events } = setup();
    const held = await openReview(enforcer, caller, remove("a1"));
    expect(held).toMatchObject({ effect: "review", rule: "deletions", session: "t1", approvals: { required: 1, from: ["cto"] } });
    expect((await openReview(enforcer, caller, remove("a1"))).approvals).toEqual(held.approvals);
    expect(events()).toEqual(["review deletions"]);
    await sign(enforcer, held.approvals!);
    expect(await openReview(enforcer, caller, remove("a1"))).toMatchObject({ effect: "allow", approved: { review: held.approvals!.review, by: ["cto"] } });
    expect(await enforcer.reviewAsync(held.approvals!.review)).toMatchObject({ status: "released" });
    // A call the policy denies opens nothing: the preview says so.
    expect(await openReview(enforcer, caller, remove("root"))).toMatchObject({ effect: "deny", rule: "root" });
    expect(events()).toEqual(["review deletions", "approval"]);
  });

  it("voids the call when another worker's release is used up between its preview and its decision, and opens a new review", async () => {
    const { enforcer, events } = setup();
    const first = await openReview(enforcer, caller, remove("a1"));
    await sign(enforcer, first.approvals!);
    // Another worker's view a moment earlier: no review pending yet.
    const stale: Enforcer = {
      ...enforcer,
      previewAsync: async (request) => {
        const { approvals: _approvals, approved: _approved, ...decision } = await enforcer.previewAsync(request);
        return { ...decision, effect: "review" };
      },
    };
    const opened = await openReview(stale, caller, remove("a1"));
    expect(opened).toMatchObject({ effect: "review", rule: "deletions" });
    expect(opened.approvals!.review).not.toBe(first.approvals!.review);
    expect(events()).toEqual(["review deletions", "approval", "release", "allow deletions", "void", "review deletions"]);
    // Voided, the used-up call does not count toward `hourly`: another deletion may still be reviewed.
    expect((await enforcer.previewAsync({ ...remove("a2"), session: "t1" })).rule).toBe("deletions");
  });
});

describe("rejectReview", () => {
  it("ends the pending review of the call, and finds nothing to end when none is pending", async () => {
    const { enforcer } = setup();
    expect(await rejectReview(enforcer, caller, remove("a1"), { by: "ops", reason: "no" })).toBeUndefined();
    const held = await openReview(enforcer, caller, remove("a1"));
    expect(await rejectReview(enforcer, caller, remove("a1"), { by: "ops", reason: "no" })).toMatchObject({
      ok: true,
      status: "rejected",
      review: held.approvals!.review,
    });
    expect(await sign(enforcer, held.approvals!)).toMatchObject({ ok: false, status: "rejected" });
    expect(await rejectReview(enforcer, caller, remove("a1"), { by: "ops", reason: "no" })).toBeUndefined();
  });
});
