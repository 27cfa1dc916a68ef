// `abandon` on the memory store: a voided call leaves history at once, is logged, and only an allowed call of the enforcer can be voided.
import { describe, expect, it } from "vitest";
import { createEnforcer, type LogEntry, type PolicyModule } from "@apol/runtime";
import { compileAndImport } from "../../compiler/src/compile-and-import.js";

const source = `policy shop
tool issue_refund(order: string, amount: number)
rule once { deny issue_refund when seen(issue_refund where it.args.order == args.order, session) reason "this order was refunded already" }
rule big { deny issue_refund when args.amount > 500 }
rule ok { allow issue_refund }
`;

async function compiled(): Promise<PolicyModule> {
  const loaded = await compileAndImport(source, "shop.apol");
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join("\\n"));
  return loaded.module;
}

describe("abandon", () => {
  it("voids an allowed call synchronously, logs it, and refuses denied, session-less, foreign and settled decisions", async () => {
    const entries: LogEntry[] = [];
    const enforcer = createEnforcer(await compiled(), { clock: () => 0, log: { append: (e) => void entries.push(e) } });
    const refund = { tool: "issue_refund", session: "s", args: { order: "o1", amount: 20 } };
    const first = enforcer.decide(refund);
    expect(first.rule).toBe("ok");
    enforcer.abandon(first);
    expect(entries.at(-1)).toEqual({ event: "void", decisionId: first.id, tool: "issue_refund", session: "s" });
    const retry = enforcer.decide(refund);
    expect(retry.rule).toBe("ok");
    enforcer.record(retry, "refunded");
    expect(enforcer.decide(refund).rule).toBe("once");
    expect(() => enforcer.abandon(retry)).toThrow(/was recorded already/);
    expect(() => enforcer.abandon(first)).toThrow(/was voided already/);
    expect(() => enforcer.abandon(enforcer.decide({ ...refund, args: { order: "o2", amount: 900 } }))).toThrow(/only a call that was allowed can be voided/);
    expect(() => enforcer.abandon(enforcer.decide({ ...refund, session: undefined }))).toThrow(/has no session: give the request a `session` to void it/);
    const other = createEnforcer(await compiled(), { clock: () => 0 });
    expect(() => other.abandon(retry)).toThrow(/takes a decision this enforcer made/);
  });
});
