// The generated module's fast reads stay fail-closed when `Object.prototype` is polluted after they were optimised.
import { afterEach, describe, expect, it } from "vitest";
import { createEnforcer } from "@apol/runtime";
import { compiledModule } from "../../../test/harness/compiled-module.js";

const policy = `policy pollution
enum Role { admin, clerk }
user { id: string, role: Role }
tool pay(amount: number, memo?: string)
rule small { allow pay when args.amount <= 100 }
rule admins { allow pay when user.role == admin }
rule no_memo { deny pay when has(args.memo) and args.memo == "x" }
`;

const proto = Object.prototype as Record<string, unknown>;
afterEach(() => {
  for (const key of ["amount", "role", "memo", "tool", "args", "user"]) delete proto[key];
});

describe("a generated module, warmed up and then faced with a polluted Object.prototype", () => {
  it("treats inherited fields as absent: a missing argument stays missing, an inherited role grants nothing", async () => {
    const module = await compiledModule(policy, "pollution.apol");
    const enforcer = createEnforcer(module, { clock: null });
    // Enough calls for V8 to optimise the validator and the rule functions on clean objects.
    for (let i = 0; i < 20_000; i++) {
      const request = { tool: "pay", user: { id: "u", role: i % 2 ? "admin" : "clerk" }, args: { amount: i % 200 } };
      expect(module.evaluate(request, undefined, false).effect).toBe(request.user.role === "admin" || i % 200 <= 100 ? "allow" : "deny");
      enforcer.decide(request);
    }
    // One key at a time: an inherited key that is no parameter would send the validator to its slow path anyway.
    proto.amount = 1;
    const missing = { tool: "pay", user: { id: "u", role: "clerk" }, args: {} };
    expect(module.evaluate(missing, undefined, false)).toMatchObject({ effect: "deny", rule: "$invalid-request", reason: "missing argument `amount`" });
    expect(enforcer.decide(missing)).toMatchObject({ effect: "deny", rule: "$invalid-request" });
    delete proto.amount;
    proto.role = "admin";
    const roleless = { tool: "pay", user: { id: "u" }, args: { amount: 500 } };
    expect(module.evaluate(roleless, undefined, false)).toMatchObject({ effect: "deny" });
    expect(enforcer.decide(roleless)).toMatchObject({ effect: "deny" });
    // An inherited optional argument is no argument: `has(args.memo)` stays false, and the valid call is decided on its own fields.
    delete proto.role;
    proto.memo = "x";
    expect(module.evaluate({ tool: "pay", user: { id: "u", role: "clerk" }, args: { amount: 5 } }, undefined, false)).toMatchObject({
      effect: "allow",
      rule: 0,
    });
  });

  it("reads no request field from the prototype: an inherited tool, args or user is absent, so the request is refused or denied", async () => {
    const module = await compiledModule(policy, "pollution.apol");
    for (let i = 0; i < 20_000; i++)
      module.evaluate({ tool: "pay", user: { id: "u", role: i % 2 ? "admin" : "clerk" }, args: { amount: i % 200 } }, undefined, false);
    proto.tool = "pay";
    expect(module.evaluate({ user: { id: "u", role: "admin" }, args: { amount: 5 } }, undefined, false)).toMatchObject({
      effect: "deny",
      rule: "$invalid-request",
    });
    delete proto.tool;
    proto.args = { amount: 5 };
    expect(module.evaluate({ tool: "pay", user: { id: "u", role: "admin" } }, undefined, false)).toMatchObject({
      effect: "deny",
      reason: "missing argument `amount`",
    });
    delete proto.args;
    proto.user = { id: "u", role: "admin" };
    expect(module.evaluate({ tool: "pay", args: { amount: 500 } }, undefined, false)).toMatchObject({ effect: "deny", rule: "$default" });
  });

  it("runs no getter a polluted Object.prototype holds, so none can add the field it was asked for", async () => {
    const module = await compiledModule(policy, "pollution.apol");
    for (let i = 0; i < 20_000; i++)
      module.evaluate({ tool: "pay", user: { id: "u", role: i % 2 ? "admin" : "clerk" }, args: { amount: i % 200 } }, undefined, false);
    const calls: string[] = [];
    // Each getter tries to give the object it was read on the field it was asked for: an admin role, a small amount, a tool.
    const injected: Record<string, unknown> = { user: { id: "u", role: "admin" }, role: "admin", amount: 5, tool: "pay" };
    try {
      for (const key of Object.keys(injected)) {
        Object.defineProperty(proto, key, {
          configurable: true,
          get(this: Record<string, unknown>) {
            calls.push(key);
            Object.defineProperty(this, key, { value: injected[key], enumerable: true, configurable: true, writable: true });
            return injected[key];
          },
        });
      }
      const decisions = [
        module.evaluate({ tool: "pay", args: { amount: 500 } }, undefined, false),
        module.evaluate({ tool: "pay", user: { id: "u" }, args: { amount: 500 } }, undefined, false),
        module.evaluate({ tool: "pay", user: { id: "u", role: "clerk" }, args: {} }, undefined, false),
        module.evaluate({ user: { id: "u", role: "admin" }, args: { amount: 5 } }, undefined, false),
      ];
      expect(calls).toEqual([]);
      expect(decisions.map((d) => d.effect)).toEqual(["deny", "deny", "deny", "deny"]);
    } finally {
      for (const key of Object.keys(injected)) delete proto[key];
    }
  });
});
