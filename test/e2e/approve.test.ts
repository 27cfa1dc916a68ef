// `apol keys generate` and `apol approve` run as processes: the approvals they sign release a call held by an enforcer that knows only the public keys.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ed25519Approvers } from "@apol/audit";
import { createEnforcer } from "@apol/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce, root } from "./apol-process.js";
import { compiledModule } from "../harness/compiled-module.js";

const work = mkdtempSync(join(tmpdir(), "apol-e2e-approve-"));

beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const transfer = {
  session: "s-1",
  now: "2026-11-21T09:00:00Z",
  tool: "send_money",
  agent: { id: "bank-bot", trust: 0.9 },
  user: { id: "u1", role: "teller", department: "retail" },
  args: { recipient: "DE89370400440532013000", amount: 900, subject: "invoice 7", date: "2026-11-21" },
};

describe("apol approve", () => {
  it("signs approvals an enforcer with the approvers' public keys accepts, releasing the call once", async () => {
    for (const name of ["cfo", "controller"]) {
      expect(apol(["keys", "generate", "--out", name], work)).toEqual({ code: 0, out: `wrote ${name}.key (private) and ${name}.pub (public)\n`, err: "" });
    }
    const policy = await compiledModule(readFileSync(join(root, "examples", "banking.apol"), "utf8"), "examples/banking.apol");
    const approvers = ed25519Approvers({ cfo: readFileSync(join(work, "cfo.pub"), "utf8"), controller: readFileSync(join(work, "controller.pub"), "utf8") });
    // Approvals are timed by the clock; the review expires 4 hours after the request's `now`.
    const enforcer = createEnforcer(policy, { approvers, clock: () => Date.parse("2026-11-21T09:05:00Z") });

    const held = enforcer.decide(transfer);
    expect([held.effect, held.rule, held.approvals?.required, held.approvals?.expiresAt]).toEqual(["review", "large_transfers", 2, "2026-11-21T13:00:00.000Z"]);
    const { review, digest } = held.approvals!;
    const sign = (key: string, as: string) => {
      const result = apol(["approve", "--key", key, "--as", as, "--id", review, "--digest", digest], work);
      expect([result.code, result.err]).toEqual([0, ""]);
      expect(result.out).toMatch(/^\{"review":"[^"]+","digest":"sha256:[0-9a-f]{64}","approver":"[a-z]+","signature":"[A-Za-z0-9+/]{86}=="\}\n$/);
      return JSON.parse(result.out) as unknown;
    };

    // cfo's key signing as `controller` is a forgery: the enforcer checks the name against the key registered under it.
    expect(enforcer.approve(review, sign("cfo.key", "controller"))).toMatchObject({
      ok: false,
      status: "pending",
      reason: "bad signature: `controller`'s key did not sign this review and digest",
    });
    expect(enforcer.approve(review, sign("cfo.key", "cfo"))).toMatchObject({
      ok: true,
      status: "pending",
      reason: "approved by `cfo`: 1 of 2",
      approvers: ["cfo"],
    });
    expect(enforcer.approve(review, sign("controller.key", "controller"))).toMatchObject({
      ok: true,
      status: "released",
      reason: "released: approved by cfo, controller",
      approvers: ["cfo", "controller"],
    });

    const released = enforcer.decide(transfer);
    expect([released.effect, released.approved]).toEqual(["allow", { review, digest, by: ["cfo", "controller"] }]);
    const again = enforcer.decide(transfer);
    expect(again.effect).toBe("review");
    expect(again.approvals?.review).not.toBe(review);
    expect(again.approvals?.digest).toBe(digest);
  });
});
