import { describe, expect, it } from "vitest";
import type { Checked } from "../check/check.js";
import { typeToString } from "../check/types.js";
import { runPipeline } from "../pipeline.js";
import { expectedTypeAt, labelExpectedAt } from "./expected.js";
import { membersAt } from "./members.js";
import { scopeAt } from "./scope.js";
import { toolsCovered } from "./targets.js";

const declarations = `policy p
enum Role { admin, teller }
user { id: string, role: Role, home?: { city: string, zip: string } }
tool send(to: string, amount: number, card: { number: string, cvc: string }) returns internal output { items: { name: string }[], total: number }
tool mail(to: string[], amount: int, card: { number: string }) output { items: { name: string }[] }
`;

/** The checked policy `declarations + body` with the `<|>` removed, and the cursor's offset. */
function at(body: string): { checked: Checked; offset: number } {
  const marked = declarations + body;
  const offset = marked.indexOf("<|>");
  const result = runPipeline(marked.replace("<|>", ""), "p.apol", "check");
  return { checked: result.outputs.check as Checked, offset };
}

const names = (found: readonly { name: string }[] | undefined) => found?.map((m) => m.name);

describe("membersAt", () => {
  it("lists the arguments every targeted tool declares, and the fields the checker walks", () => {
    let q = at(`rule r {\n  deny send, mail\n  when args.<|>x == 1\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["to", "amount", "card"]);
    q = at(`rule r {\n  deny send\n  when args.card.<|>x == 1\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["number", "cvc"]);
    q = at(`rule r {\n  deny send\n  when has(user.home) and user.home.<|>x == "a"\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["city", "zip"]);
    q = at(`rule r {\n  deny send\n  when count(send where it.<|>x, 1h) > 1\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["args", "tool", "output"]);
    q = at(`rule r {\n  deny send\n  when all(i in user.<|>x: true)\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["id", "role", "home"]);
  });

  it("falls back to the rule's targets in a clause the checker skips", () => {
    const q = at(`rule r {\n  deny send\n  when args.to == "a"\n  when args.<|>x == 1\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["to", "amount", "card"]);
  });

  it("lists in a redact path only what every targeted tool has there", () => {
    let q = at(`rule r {\n  redact send, mail args.card.<|>x\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["number"]);
    q = at(`rule r {\n  redact send, mail output.items[*].<|>x\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual(["name"]);
    // A list takes `[*]` before a field: the checker rejects `output.items.name`.
    q = at(`rule r {\n  redact send output.items.<|>x\n}\n`);
    expect(names(membersAt(q.checked, q.offset))).toEqual([]);
  });

  it("is undefined where the offset is not after a dot", () => {
    const q = at(`rule r {\n  deny send\n  when a<|>rgs.to == "x"\n}\n`);
    expect(membersAt(q.checked, q.offset)).toBeUndefined();
  });
});

describe("expectedTypeAt and labelExpectedAt", () => {
  it("reads the other operand's type, a list's element, a test value's declared type", () => {
    let q = at(`rule r {\n  deny send\n  when user.role == a<|>dmin\n}\n`);
    expect(typeToString(expectedTypeAt(q.checked, q.offset) ?? { kind: "error" })).toBe("Role");
    q = at(`rule r {\n  deny send\n  when user.role in [a<|>dmin]\n}\n`);
    expect(typeToString(expectedTypeAt(q.checked, q.offset) ?? { kind: "error" })).toBe("Role");
    q = at(`test "t" {\n  user { id: "u", role: t<|>eller }\n  call send(to: "x", amount: 1, card: { number: "1", cvc: "2" })\n  expect deny\n}\n`);
    expect(typeToString(expectedTypeAt(q.checked, q.offset) ?? { kind: "error" })).toBe("Role");
    q = at(`rule r {\n  deny send\n  when args.amount > l<|>imit\n}\n`);
    expect(expectedTypeAt(q.checked, q.offset)).toBeUndefined();
  });

  it("knows where a built-in takes a label", () => {
    let q = at(`rule r {\n  deny send\n  when from(args.to, u<|>ntrusted)\n}\n`);
    expect(labelExpectedAt(q.checked, q.offset)).toBe(true);
    q = at(`rule r {\n  deny send\n  when from(a<|>rgs.to, untrusted)\n}\n`);
    expect(labelExpectedAt(q.checked, q.offset)).toBe(false);
  });
});

describe("scopeAt", () => {
  it("gives the targeted tools, `it` inside a where, and quantifier variables with their types", () => {
    let q = at(`rule r {\n  deny send\n  when count(mail where any(t in it.args.to: t == "x<|>"), 1h) > 0\n}\n`);
    let scope = scopeAt(q.checked, q.offset);
    expect(scope.tools.map((t) => t.name)).toEqual(["send"]);
    expect(scope.it?.map((t) => t.name)).toEqual(["mail"]);
    expect([...scope.variables].map(([n, t]) => `${n}: ${typeToString(t)}`)).toEqual(["t: string"]);
    // In the quantifier's list its variable is not yet bound.
    q = at(`rule r {\n  deny send\n  when any(t in [args.t<|>o]: true)\n}\n`);
    scope = scopeAt(q.checked, q.offset);
    expect(scope.it).toBeUndefined();
    expect([...scope.variables.keys()]).toEqual([]);
  });
});

describe("toolsCovered", () => {
  it("gives the tools each kind of target covers, as the checker resolves a rule's targets", () => {
    const result = runPipeline(
      "policy p\ntool a() tags x tier 2\ntool b() tags x\ntool c() tier 3\nrule r { deny tagged x, tier >= 2, tier > 7, c, nope, * }\n",
      "p.apol",
      "check",
    );
    const checked = result.outputs.check as Checked;
    const rule = checked.ast.declarations.find((d) => d.kind === "RuleDecl");
    const targets = rule?.kind === "RuleDecl" ? (rule.effect?.targets ?? []) : [];
    // `tier > 7` is out of range: an error, and it covers nothing.
    expect(targets.map((t) => toolsCovered(checked.symbols, t).map((tool) => tool.name))).toEqual([["a", "b"], ["a", "c"], [], ["c"], [], ["a", "b", "c"]]);
  });
});
