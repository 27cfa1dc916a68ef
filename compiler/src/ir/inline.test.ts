import { describe, expect, it } from "vitest";
import type { DecisionTree } from "./decision-tree.js";
import { printExpr } from "./print.js";
import { runPipeline } from "../pipeline.js";

/** The lowered (unoptimized) condition of the first check of the first tool. */
function lowered(source: string): string {
  const result = runPipeline(source, "p.apol", "lower");
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join("\n"));
  const tree = result.outputs.lower as DecisionTree;
  const check = tree.tools[0]?.checks[0];
  if (!check) throw new Error("no check");
  return printExpr(check.condition);
}

/** The emitted module of a policy, its hash of the source left out. */
function emitted(source: string): string {
  const result = runPipeline(source, "p.apol");
  const js = result.outputs.emit?.js;
  if (js === undefined) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return js.replace(/policyHash = "[^"]*"/, "");
}

describe("inlining predicates", () => {
  it("emits the very module that writing each body out at its calls does: a predicate costs nothing at run time", () => {
    const head = `policy p
user { id: string, contacts: string[] }
const company_domains = ["acme.example"]
tool send(to: string[], cc: string)
`;
    const tail = "rule ok { allow send }\n";
    const written = `${head}rule r { deny send when any(a in args.to: not (domain(a) in company_domains or a in user.contacts)) or not (domain(args.cc) in company_domains or args.cc in user.contacts) }\n${tail}`;
    const named = `${head}rule r { deny send when any(a in args.to: not internal(a, user.contacts)) or not internal(args.cc, user.contacts) }\n${tail}def internal(address: string, contacts: string[]) = domain(address) in company_domains or address in contacts\n`;
    expect(emitted(named)).toBe(emitted(written));
  });

  it("puts the caller's argument where the body reads each parameter, and nothing where it does not", () => {
    const text = lowered(`policy p
def either(a: bool, b: bool, unused: bool) = a or b
tool run(quick: bool, n: int)
rule r { allow run when either(args.quick, args.n > 3, now.hour > 9) }
`);
    expect(text).toContain("args.quick");
    expect(text).toContain("args.n");
    expect(text).not.toContain("now.hour");
  });

  it("renames the body's quantifier variables apart from the caller's, so an argument is not captured", () => {
    const text = lowered(`policy p
def member(x: string, items: string[]) = any(x in items: x == "a") and x == "b"
tool send(to: string[], cc: string[])
rule r { allow send when all(x in args.to: member(x, args.cc)) }
`);
    // The caller's `x` (an element of `to`) is compared with "b"; the body's own is renamed.
    expect(text).toBe('all(x in args.to: (any(x$1 in args.cc: (x$1 == "a")) and (x == "b")))');
  });

  it("reads a record parameter's fields, and `has` of them, as the written-out paths", () => {
    const text = lowered(`policy p
user { id: string, team: { name: string, lead?: string } }
def led(t: { name: string, lead?: string }) = has(t.lead) and t.lead != t.name
tool deploy(service: string)
rule r { allow deploy when led(user.team) }
`);
    // `team` is checked whole against its declared type, as `user.team.lead` written out is (part-conformance).
    const team = "user.team:{ name: string, lead?: string }";
    expect(text).toBe(`(has(user.team.lead) and (${team}.lead != ${team}.name))`);
  });
});
