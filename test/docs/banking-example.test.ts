// The flagship example's daily cap holds against a negative transfer: one cannot lower the day's sum and lift the cap (issue 12, item 4).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { TraceReplay } from "../../cli/src/trace.js";
import { compileAndImport } from "../../compiler/src/compile-and-import.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));

/** A teller's transfer to an allowlisted recipient, `minute` minutes into one day. */
function transfer(amount: number, minute: number): unknown {
  return {
    session: "s-1",
    now: new Date(Date.UTC(2026, 10, 21, 9, minute)).toISOString(),
    agent: { id: "bank-bot", trust: 0.9 },
    user: { id: "u1", role: "teller", department: "retail" },
    tool: "send_money",
    args: { recipient: "UK12345678901234567890", amount, subject: "s", date: "2026-11-21" },
  };
}

it("examples/banking.apol denies a negative transfer, and then 50 transfers of 500 stop at the 2,000 daily cap", async () => {
  const loaded = await compileAndImport(readFileSync(`${repo}examples/banking.apol`, "utf8"), "examples/banking.apol");
  if (!loaded.ok) throw new Error("the example does not compile");
  const trace = new TraceReplay(loaded.module);
  const decide = (request: unknown): string => {
    const result = trace.step(request);
    return result.kind === "decision" ? `${result.decision.effect} ${result.decision.rule}` : result.kind;
  };
  expect(decide(transfer(-1_000_000, 0))).toBe("deny positive_amounts");
  expect(decide(transfer(0, 1))).toBe("deny positive_amounts");
  const fifty = Array.from({ length: 50 }, (_, i) => decide(transfer(500, 2 + i)));
  expect(fifty.slice(0, 4)).toEqual(Array(4).fill("allow small_transfers"));
  expect(fifty.slice(4)).toEqual(Array(46).fill("deny daily_cap"));
});
