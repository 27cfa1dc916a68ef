// `answerCall`, what every adapter gives the model for a guarded call: an output, a refusal, or the tool's own error.
import { beforeAll, describe, expect, it } from "vitest";
import { ed25519Approvers, generateKeys } from "@apol/audit";
import { answerCall, createEnforcer, MemoryStore, type EnforcerOptions, type PolicyModule } from "@apol/runtime";
import { compiledModule } from "../harness/compiled-module.js";

const source = `policy shop
tool fetch(url: string) returns untrusted
tool delete_account(id: string)
tool get_customer(id: string)
tool send_email(to: string)
rule planted { deny send_email when tainted(args.to) }
rule deletions { review delete_account approvals 1 of ["cto"] reason "deleting an account needs the cto" }
rule card { redact get_customer output.card }
rule ok { allow fetch, get_customer, send_email }
`;

const cto = generateKeys();
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(source, "shop.apol");
});

const enforcerOf = (options: EnforcerOptions = {}) => createEnforcer(module, { approvers: ed25519Approvers({ cto: cto.publicKey }), ...options });

describe("answerCall", () => {
  it("answers the redacted output of an allowed call, for the caller's session", async () => {
    const enforcer = enforcerOf();
    const output = await answerCall(
      enforcer,
      { session: "s", user: { id: "u" }, labels: ["crm"] },
      { tool: "get_customer", args: { id: "c1" }, run: () => ({ card: "4111", name: "Ann" }) },
    );
    expect(output).toEqual({ card: "[redacted]", name: "Ann" });
  });

  it("answers a refusal for an undeclared tool, a pending review, and a rejected one", async () => {
    const enforcer = enforcerOf({
      // The cto rejects every review as soon as it opens.
      log: {
        append: (e) =>
          void (
            e.event === "decision" &&
            e.decision.approvals &&
            setImmediate(() => enforcer.reject(e.decision.approvals!.review, { by: "cto", reason: "no" }))
          ),
      },
    });
    let ran = 0;
    const run = () => ++ran;
    expect(await answerCall(enforcer, { session: "s" }, { tool: "drop_tables", args: {}, run })).toMatchObject({
      status: "denied",
      reason: expect.any(String),
    });
    expect(await answerCall(enforcer, { session: "s" }, { tool: "delete_account", args: { id: "a1" }, run })).toMatchObject({
      status: "pending_review",
      reason: "deleting an account needs the cto",
      review: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(await answerCall(enforcer, { session: "s", review: { wait: true, pollMs: 5 } }, { tool: "delete_account", args: { id: "a2" }, run })).toEqual({
      status: "denied",
      reason: "the review was rejected: deleting an account needs the cto",
    });
    expect(ran).toBe(0);
  });

  it("throws the tool's own error after voiding its call, and withholds an output it could not record", async () => {
    await expect(
      answerCall(enforcerOf(), { session: "s" }, { tool: "fetch", args: { url: "https://a.example" }, run: () => Promise.reject(new Error("timed out")) }),
    ).rejects.toThrow("timed out");
    const full = enforcerOf({ store: new MemoryStore({ maxSessions: 1 }) });
    await answerCall(full, { session: "other" }, { tool: "fetch", args: { url: "https://a.example" }, run: () => "page" });
    await expect(answerCall(full, { session: "s" }, { tool: "fetch", args: { url: "https://b.example" }, run: () => "page" })).rejects.toThrow(
      "the call ran but could not be kept by apol (record), so its output is withheld",
    );
  });
});
