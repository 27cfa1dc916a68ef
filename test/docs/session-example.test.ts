// The session example the README shows: replaying examples/agent-session.trace.jsonl, a taint rule and a sequence rule stop the agent.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { TraceReplay } from "../../cli/src/trace.js";
import { compiledModule } from "../harness/compiled-module.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));

it("examples/agent-session.trace.jsonl is stopped by the taint rules, a review and the sequence rule", async () => {
  const trace = new TraceReplay(await compiledModule(readFileSync(`${repo}examples/agent-session.apol`, "utf8"), "examples/agent-session.apol"));
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
