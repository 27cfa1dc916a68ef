import { describe, expect, it } from "vitest";
import type { Checked } from "../check/check.js";
import { loadPolicy } from "../load.js";
import { runPipeline } from "../pipeline.js";
import { redactReference } from "./redact.js";

const policy = `policy hr
user { role: string, team: string }
tool get_employee(name: string)
  output { name: string, salary: number, bank: { iban: string, bic: string }, accounts: { iban: string, bank: string }[] }
tool search(q: string)
tool ratio(n: number)

rule lookups { allow get_employee, search, ratio }

rule hide_pay {
  redact get_employee output.salary, output.bank.iban, output.accounts[*].iban
  unless user.role == "admin"
}
rule hide_hits {
  redact search output[*].email, output.total
  when user.team == "ops"
}
rule by_ratio {
  redact ratio output.value
  when 10 / args.n > 1
}
`;

const employee = {
  name: "Ann",
  salary: 5000,
  bank: { iban: "DE89", bic: "COBA" },
  accounts: [
    { iban: "FR76", bank: "BNP" },
    { bank: "none" },
    { iban: "NL91", bank: "ING" },
  ],
};

/** Both implementations on one call: they must agree, and the agreed result is returned. */
async function both(request: unknown, output: unknown) {
  const checked = runPipeline(policy, "hr.apol", "check").outputs.check as Checked;
  const loaded = await loadPolicy(policy, "hr.apol");
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
  const expected = redactReference(checked, request, undefined, output);
  expect(loaded.module.redact(request, undefined, output)).toEqual(expected);
  return expected;
}

const asUser = (role: string, team = "sales") => ({ role, team });

describe("redaction (reference and generated module)", () => {
  it("replaces nested fields and every element's field, and reports the concrete paths", async () => {
    const result = await both({ tool: "get_employee", args: { name: "Ann" }, user: asUser("clerk") }, employee);
    expect(result.redacted).toEqual(["output.salary", "output.bank.iban", "output.accounts[0].iban", "output.accounts[2].iban"]);
    expect(result.output).toEqual({
      name: "Ann",
      salary: "[redacted]",
      bank: { iban: "[redacted]", bic: "COBA" },
      accounts: [{ iban: "[redacted]", bank: "BNP" }, { bank: "none" }, { iban: "[redacted]", bank: "ING" }],
    });
    // The output the tool returned is left as it was.
    expect(employee.salary).toBe(5000);
    expect(employee.accounts[0]).toEqual({ iban: "FR76", bank: "BNP" });
  });

  it("leaves the output alone when the role condition says so", async () => {
    const result = await both({ tool: "get_employee", args: { name: "Ann" }, user: asUser("admin") }, employee);
    expect(result).toEqual({ output: employee, redacted: [] });
  });

  it("skips paths the output does not have, without error", async () => {
    const result = await both({ tool: "get_employee", args: { name: "Ann" }, user: asUser("clerk") }, { name: "Bob", bank: "cash", accounts: "none" });
    expect(result).toEqual({ output: { name: "Bob", bank: "cash", accounts: "none" }, redacted: [] });
  });

  it("applies `[*]` at the top of a list output and skips elements without the field", async () => {
    const hits = [{ email: "a@x", id: 1 }, { id: 2 }, "plain"];
    const result = await both({ tool: "search", args: { q: "x" }, user: asUser("clerk", "ops") }, hits);
    expect(result).toEqual({ output: [{ email: "[redacted]", id: 1 }, { id: 2 }, "plain"], redacted: ["output[0].email"] });
  });

  it("redacts when the condition faults: a request without its user, a division by zero", async () => {
    const noUser = await both({ tool: "search", args: { q: "x" } }, { total: 3 });
    expect(noUser).toEqual({ output: { total: "[redacted]" }, redacted: ["output.total"] });
    const byZero = await both({ tool: "ratio", args: { n: 0 } }, { value: 1 });
    expect(byZero).toEqual({ output: { value: "[redacted]" }, redacted: ["output.value"] });
    const holds = await both({ tool: "ratio", args: { n: 100 } }, { value: 1 });
    expect(holds).toEqual({ output: { value: 1 }, redacted: [] });
  });

  it("applies every rule of the tool when the arguments do not fit, and none for an unknown tool", async () => {
    const badArgs = await both({ tool: "get_employee", args: { name: 7 }, user: asUser("admin") }, { salary: 1 });
    expect(badArgs).toEqual({ output: { salary: "[redacted]" }, redacted: ["output.salary"] });
    expect(await both({ tool: "nope" }, { salary: 1 })).toEqual({ output: { salary: 1 }, redacted: [] });
    expect(await both("not a request", { salary: 1 })).toEqual({ output: { salary: 1 }, redacted: [] });
  });
});
