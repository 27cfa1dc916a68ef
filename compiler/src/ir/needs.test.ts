import { describe, expect, it } from "vitest";
import type { DecisionTree } from "./decision-tree.js";
import { runPipeline } from "../pipeline.js";
import { stateNeeds } from "./needs.js";

/** The needs of a policy's optimized decision tree (or unoptimized, to see past folding). */
function needsOf(rules: string, optimize = true) {
  const source = `policy p
tool send_email(to: string, body: string, cc?: string[]) tags external
tool send_money(recipient: string, amount: number) tags money
tool read_file(path: string) returns internal
tool get_webpage(url: string) returns untrusted
tool ping()
${rules}
`;
  const result = runPipeline(source, "p.apol", "optimize", { optimize });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join("\n"));
  return stateNeeds((optimize ? result.outputs.optimize : result.outputs.lower) as DecisionTree);
}

const HOUR = 3_600_000;

describe("stateNeeds", () => {
  it("is empty for a policy without history or provenance", () => {
    expect(needsOf("rule r { allow * when now.hour > 3 }")).toEqual({ history: {}, labels: [], reads: {} });
  });

  it("keeps each counted tool for the longest window over it, and notes which tools read it", () => {
    const needs = needsOf(`
rule rate { deny send_email when count(send_email, 1h) >= 20 }
rule daily { deny send_money when sum(send_money.amount, 24h) > 2000 }
rule ever { deny send_money when seen(send_email, session) }
rule quick { deny send_email when count(tagged money, 10m) > 2 }`);
    expect(needs.history).toEqual({
      send_email: { windowMs: Infinity, args: [], output: false },
      send_money: { windowMs: 24 * HOUR, args: ["amount"], output: false },
    });
    expect(needs.reads).toEqual({ send_email: { history: true, contents: false }, send_money: { history: true, contents: false } });
    expect(needs.labels).toEqual([]);
  });

  it("keeps the arguments and output `where` reads, and all arguments when `it.args` is read whole", () => {
    const needs = needsOf(`
rule once { deny send_money when seen(send_money where it.args.recipient == args.recipient and it.output.ok == true, 30d) }
rule files { deny send_email when seen(read_file where has(it.args.path), session) }
rule same { deny send_email when count(send_email where it.args == args, 1h) > 0 }`);
    expect(needs.history).toEqual({
      send_money: { windowMs: 30 * 24 * HOUR, args: ["recipient"], output: true },
      read_file: { windowMs: Infinity, args: ["path"], output: false },
      send_email: { windowMs: HOUR, args: true, output: false },
    });
  });

  it("lets `it` in a nested `where` mean the inner function's calls", () => {
    const needs = needsOf(`
rule nested { deny ping when count(send_email where seen(read_file where it.args.path == "/x", session), 1h) > 0 }`);
    expect(needs.history).toEqual({
      send_email: { windowMs: HOUR, args: [], output: false },
      read_file: { windowMs: Infinity, args: ["path"], output: false },
    });
    expect(needs.reads).toEqual({ ping: { history: true, contents: false } });
  });

  it("collects the labels provenance functions ask about", () => {
    const needs = needsOf(`
rule a { deny send_money when tainted(args.recipient) and not from(args.recipient, user) }
rule b { deny tagged external when exposed(internal) }`);
    // `tainted` also reads every content without the `untrusted` label, kept as `!untrusted`.
    expect(needs.labels).toEqual(["!untrusted", "internal", "untrusted", "user"]);
    expect(needs.history).toEqual({});
    expect(needs.reads).toEqual({ send_email: { history: false, contents: true }, send_money: { history: false, contents: true } });
  });

  it("sees what the optimizer leaves: a folded-away condition needs nothing", () => {
    expect(needsOf("rule r { deny ping when 1 == 2 and count(ping, 1h) > 0 }").history).toEqual({});
    expect(needsOf("rule r { deny ping when 1 == 2 and count(ping, 1h) > 0 }", false).history).toEqual({ ping: { windowMs: HOUR, args: [], output: false } });
  });

  it("reads hoisted expressions too", () => {
    const rules = `
rule a { deny send_email when count(ping, session) > 1 and args.to == "a" }
rule b { review send_email when count(ping, session) > 1 and args.to == "b" }`;
    const result = runPipeline(`policy p\ntool send_email(to: string)\ntool ping()\n${rules}\n`, "p.apol", "optimize");
    const tree = result.outputs.optimize as DecisionTree;
    expect(tree.tools[0]?.hoisted.length).toBeGreaterThan(0);
    expect(stateNeeds(tree).history).toEqual({ ping: { windowMs: Infinity, args: [], output: false } });
  });
});
