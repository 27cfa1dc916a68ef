// The session example the README shows: replaying examples/agent-session.trace.jsonl, a taint rule and a sequence rule stop the agent.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { TraceReplay } from "../../cli/src/trace.js";
import { compileAndImport } from "../../compiler/src/compile-and-import.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));

it("examples/agent-session.trace.jsonl is stopped by the taint rules, a review and the sequence rule", async () => {
  const loaded = await compileAndImport(readFileSync(`${repo}examples/agent-session.apol`, "utf8"), "examples/agent-session.apol");
  if (!loaded.ok) throw new Error("the example does not compile");
  const trace = new TraceReplay(loaded.module);
  const steps = readFileSync(`${repo}examples/agent-session.trace.jsonl`, "utf8").trim().split("\n");
  const results = steps.map((line) => {
    const result = trace.step(JSON.parse(line));
    return result.kind === "decision" ? `${result.decision.effect} ${result.decision.rule}` : result.kind;
  });
  expect(results).toEqual([
    "observation",
    "allow work",
    "deny planted_payee",
    "deny planted_address",
    "allow work",
    "allow work",
    "allow work",
    "allow work",
    "allow work",
    "review retry_storm",
    "allow work",
    "deny no_exfiltration",
    "deny no_exfiltration",
    "allow work",
  ]);
});
