// End to end, a compiled policy's `redact` rules keep secret arguments out of the log file `@apol/audit` writes: for
// allowed, reviewed and denied calls alike, and for calls denied before the policy ran; the log still verifies.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, generateKeys, segments, verifyLog, type LogRecord } from "../../audit/src/index.js";
import { createEnforcer } from "../../runtime/src/enforcer/enforcer.js";
import type { PolicyModule } from "../../runtime/src/index.js";
import { compiledModule } from "../harness/compiled-module.js";

const source = `policy accounts
user { role: string }
tool login(user: string, password: string)
tool pay(card: { number: string, cvc: string }, amount: number, items: { iban: string }[]) tags payments

rule logins { allow login unless args.user == "root" }
rule no_root { deny login when args.user == "root" reason "nobody logs in as root" }
rule small { allow pay when args.amount <= 100 }
rule large { review pay when args.amount > 100 approvals 1 of ["cfo"] }
rule blocked { deny pay when args.amount > 10000 }

rule hide_password { redact login args.password }
rule hide_card {
  redact tagged payments args.card.number, args.items[*].iban
  unless user.role == "auditor"
}
`;

const secrets = [
  "Blue-Otter-42",
  "hunter2-root",
  "Garbage-Now-7",
  "4111-1111-1111-1111",
  "5500-0000-0000-0004",
  "DE89370400440532013000",
  "FR7630006000011234567890189",
];
const keys = generateKeys();
const dir = mkdtempSync(join(tmpdir(), "apol-masked-"));
let module: PolicyModule;

beforeAll(async () => {
  module = await compiledModule(source, "accounts.apol");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a log written by AuditLog", () => {
  it("never holds an argument a `redact` rule masks, whatever was decided, and says what it masked", () => {
    const path = join(dir, "decisions.log");
    const log = new AuditLog({ path, privateKey: keys.privateKey, sync: false });
    const enforcer = createEnforcer(module, { log, clock: () => Date.parse("2026-11-21T10:00:00Z") });
    const card = (number: string) => ({ number, cvc: "123" });
    const effects = [
      enforcer.decide({ tool: "login", args: { user: "ann", password: "Blue-Otter-42" } }),
      enforcer.decide({ tool: "login", args: { user: "root", password: "hunter2-root" } }),
      enforcer.decide({ tool: "login", now: "yesterday", args: { user: "ann", password: "Garbage-Now-7" } }),
      enforcer.decide({
        tool: "pay",
        user: { role: "clerk" },
        args: { card: card("4111-1111-1111-1111"), amount: 50000, items: [{ iban: "DE89370400440532013000" }] },
      }),
      enforcer.decide({ tool: "pay", args: { card: card("5500-0000-0000-0004"), amount: 500, items: [{ iban: "FR7630006000011234567890189" }] } }),
    ].map((d) => `${d.effect} ${d.rule}`);
    expect(effects).toEqual(["allow logins", "deny no_root", "deny $invalid-request", "deny blocked", "review large"]);
    log.close();

    const files = segments(path).map((name) => ({ name, text: readFileSync(name, "utf8") }));
    const text = files.map((f) => f.text).join("");
    for (const secret of secrets) expect(text, `the log holds \`${secret}\``).not.toContain(secret);
    const report = verifyLog(files, keys.publicKey);
    expect([report.problem, report.closed, report.records]).toEqual([undefined, true, 7]);

    const logged = text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as LogRecord)
      .flatMap((record) => (record.kind === "entry" ? [record.data as { args: unknown; masked: readonly string[] }] : []));
    expect(logged.map((entry) => entry.masked)).toEqual([
      ["args.password"],
      ["args.password"],
      // An invalid request's arguments are logged by name only, every value masked.
      ["args.user", "args.password"],
      ["args.card.number", "args.items[0].iban"],
      // Without a `user`, the `unless` cannot be evaluated: the rule applies (fail safe).
      ["args.card.number", "args.items[0].iban"],
    ]);
    expect(logged[1]!.args).toEqual({ user: "root", password: "[redacted]" });
    expect(logged[3]!.args).toEqual({ card: { number: "[redacted]", cvc: "123" }, amount: 50000, items: [{ iban: "[redacted]" }] });
  });

  it("holds the arguments of a call no masking rule applies to", () => {
    const path = join(dir, "auditor.log");
    const log = new AuditLog({ path, privateKey: keys.privateKey, sync: false });
    const enforcer = createEnforcer(module, { log });
    const d = enforcer.decide({ tool: "pay", user: { role: "auditor" }, args: { card: { number: "4111", cvc: "1" }, amount: 50000, items: [] } });
    log.close();
    expect(d.rule).toBe("blocked");
    const text = segments(path)
      .map((name) => readFileSync(name, "utf8"))
      .join("");
    expect(text).toContain('"args":{"card":{"number":"4111","cvc":"1"},"amount":50000,"items":[]}');
    expect(text).not.toContain('"masked"');
  });

  it("holds only the argument names of a request with a misspelt tool or argument, whose secrets no mask names, unless told to log them in clear", () => {
    const misspelt = [
      { tool: "login", args: { user: "ann", new_password: "Mis-Spelt-1" } },
      { tool: "login", args: { user: "ann", Password: "Mis-Spelt-2" } },
      { tool: "update_passwd", args: { user: "ann", password: "Mis-Spelt-3" } },
      { tool: "login", args: "Mis-Spelt-4" },
    ];
    const logOf = (name: string, options: Parameters<typeof createEnforcer>[1]) => {
      const path = join(dir, name);
      const log = new AuditLog({ path, privateKey: keys.privateKey, sync: false });
      const enforcer = createEnforcer(module, { log, maskArgs: { "*": ["password"] }, ...options });
      const rules = misspelt.map((r) => enforcer.decide(r).rule);
      log.close();
      expect(rules).toEqual(["$invalid-request", "$invalid-request", "$unknown-tool", "$invalid-request"]);
      return segments(path)
        .map((file) => readFileSync(file, "utf8"))
        .join("");
    };
    const masked = logOf("misspelt.log", {});
    for (const secret of ["Mis-Spelt-1", "Mis-Spelt-2", "Mis-Spelt-3", "Mis-Spelt-4"]) expect(masked, `the log holds \`${secret}\``).not.toContain(secret);
    const data = masked
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as LogRecord)
      .flatMap((record) => (record.kind === "entry" ? [record.data as { args: unknown; masked: readonly string[] }] : []));
    expect(data.map((e) => [e.args, e.masked])).toEqual([
      [{ user: "[redacted]", new_password: "[redacted]" }, ["args.user", "args.new_password"]],
      [{ user: "[redacted]", Password: "[redacted]" }, ["args.user", "args.Password"]],
      [{ user: "[redacted]", password: "[redacted]" }, ["args.user", "args.password"]],
      ["[redacted]", ["args"]],
    ]);
    const clear = logOf("misspelt-clear.log", { logInvalidArgs: "clear" });
    for (const secret of ["Mis-Spelt-1", "Mis-Spelt-2", "Mis-Spelt-4"]) expect(clear).toContain(secret);
    // In clear, the configured masks still apply to the names they match.
    expect(clear).not.toContain("Mis-Spelt-3");
    expect(() => createEnforcer(module, { logInvalidArgs: "plain" as "clear" })).toThrow(new TypeError("`logInvalidArgs` must be `masked` or `clear`"));
  });
});
