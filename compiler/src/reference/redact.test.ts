import { describe, expect, it } from "vitest";
import type { Checked } from "../check/check.js";
import { runPipeline } from "../pipeline.js";
import { redactPaths } from "../../../runtime/src/log/redact.js";
import { maskArgsReference, redactReference } from "./redact.js";
import { isPresent } from "./value-ops.js";
import { compiledModule } from "../../../test/harness/compiled-module.js";

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
  accounts: [{ iban: "FR76", bank: "BNP" }, { bank: "none" }, { iban: "NL91", bank: "ING" }],
};

/** Both implementations on one call: they must agree, and the agreed result is returned. */
async function both(request: unknown, output: unknown) {
  const checked = runPipeline(policy, "hr.apol", "check").outputs.check as Checked;
  const module = await compiledModule(policy, "hr.apol");
  const expected = redactReference(checked, request, undefined, output);
  expect(module.redact(request, undefined, output)).toEqual(expected);
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

const vault = `policy vault
user { role: string }
tool login(user: string, password: string)
tool pay(card: { number: string, cvc: string }, items: { iban?: string, amount: number }[], note?: string)
  output { receipt: string, card: string }

rule calls { allow login, pay }
rule hide_password { redact login args.password }
rule hide_card {
  redact pay output.card, args.card.number, args.items[*].iban
  unless user.role == "admin"
}
rule hide_note {
  redact pay args.note
  when 10 / len(args.items) > 5
}
`;

/** The reference's masked arguments, after checking that the compiled module's rules mask the same (as the enforcer's log does). */
async function masked(request: unknown) {
  const checked = runPipeline(vault, "vault.apol", "check").outputs.check as Checked;
  const { rules, redactions } = await compiledModule(vault, "vault.apol");
  const expected = maskArgsReference(checked, request, undefined);
  const args = isPresent(request, "args") ? (request as { args: unknown }).args : undefined;
  const compiled = redactPaths(
    args,
    redactions(request, undefined).flatMap((i) => rules[i]!.argPaths ?? []),
    "args",
  );
  expect({ args: compiled.output, masked: compiled.redacted }).toEqual(expected);
  return expected;
}

const card = { number: "4111 1111", cvc: "123" };
const items = [{ iban: "DE89", amount: 5 }, { amount: 1 }, { iban: "FR76", amount: 7 }];

describe("masking arguments (reference and generated module)", () => {
  it("masks what the rules that apply name, rule by rule and path by path, and leaves the request alone", async () => {
    const request = { tool: "pay", args: { card, items, note: "for Ann" }, user: asUser("clerk") };
    expect(await masked(request)).toEqual({
      args: {
        card: { number: "[redacted]", cvc: "123" },
        items: [{ iban: "[redacted]", amount: 5 }, { amount: 1 }, { iban: "[redacted]", amount: 7 }],
        note: "for Ann",
      },
      masked: ["args.card.number", "args.items[0].iban", "args.items[2].iban"],
    });
    expect(request.args.card.number).toBe("4111 1111");
    expect(await masked({ tool: "login", args: { user: "ann", password: "hunter2" } })).toEqual({
      args: { user: "ann", password: "[redacted]" },
      masked: ["args.password"],
    });
  });

  it("masks nothing for a rule that does not apply, or a path the arguments do not have", async () => {
    expect(await masked({ tool: "pay", args: { card, items: [{ iban: "DE89", amount: 5 }] }, user: asUser("admin") })).toEqual({
      args: { card, items: [{ iban: "DE89", amount: 5 }] },
      masked: [],
    });
  });

  it("masks when a condition faults, and every rule of the tool when the arguments do not fit", async () => {
    expect(await masked({ tool: "pay", args: { card, items: [], note: "x" }, user: asUser("admin") })).toEqual({
      args: { card, items: [], note: "[redacted]" },
      masked: ["args.note"],
    });
    const unfit = await masked({ tool: "pay", args: { card: { number: 4111 }, items: "none", note: "x", extra: 1 }, user: asUser("admin") });
    expect(unfit).toEqual({ args: { card: { number: "[redacted]" }, items: "none", note: "[redacted]", extra: 1 }, masked: ["args.card.number", "args.note"] });
  });

  it("has nothing to mask without arguments, for an unknown tool, or for what is no request", async () => {
    expect(await masked({ tool: "login" })).toEqual({ args: undefined, masked: [] });
    expect(await masked({ tool: "nope", args: { password: "x" } })).toEqual({ args: { password: "x" }, masked: [] });
    expect(await masked(["login"])).toEqual({ args: undefined, masked: [] });
  });

  it("keeps argument paths out of output redaction", async () => {
    const checked = runPipeline(vault, "vault.apol", "check").outputs.check as Checked;
    const module = await compiledModule(vault, "vault.apol");
    const request = { tool: "pay", args: { card, items }, user: asUser("clerk") };
    const output = { receipt: "r1", card: "4111 1111", number: 1, items: [{ iban: "x" }] };
    const expected = { output: { receipt: "r1", card: "[redacted]", number: 1, items: [{ iban: "x" }] }, redacted: ["output.card"] };
    expect(redactReference(checked, request, undefined, output)).toEqual(expected);
    expect(module.redact(request, undefined, output)).toEqual(expected);
  });
});
