// `apol replay`: decides every step of a JSON Lines trace with a compiled policy, streaming, sessions carried over, and summarises the decisions.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Decision, PolicyModule } from "@apol/runtime";
import { loadPolicy } from "../load.js";
import { exit, usageError, type Command, type Io } from "./command.js";
import { printDiagnostics } from "./compile-file.js";
import { readSource } from "./files.js";
import { Progress } from "./progress.js";
import { DecisionDiff } from "./replay-diff.js";
import { TraceReplay } from "./trace.js";

/** The `replay` command. */
export const replay: Command = {
  name: "replay",
  summary: "decide every call of a recorded trace with a policy",
  usage: "POLICY TRACE [--against OLD] [--fail-on deny|review] [--format text|json]",
  description: [
    "Compiles POLICY and decides each line of TRACE, a JSON Lines file of requests:",
    '`{"session": "s-1", "tool": "send_money", "args": {...}, "now": "2026-11-21T10:00:00Z", "output": ...}`;',
    'a line `{"session": "s-1", "observe": "text or JSON", "labels": ["user"]}` records content and decides nothing.',
    "Steps of a session share its history: an allowed step counts, and its `output` (labelled with the tool's `returns`",
    "and `outputLabels`) is recorded before the next step. A step without `now` takes the latest earlier step's time,",
    "or 1970-01-01T00:00:00Z before any (see docs/session-state.md).",
    "Text output prints one line per step and a summary by effect and rule; `--format json` prints one decision object per line.",
    "With `--against OLD`, replays the trace with both policies and prints only the steps whose decision (effect or rule)",
    "changed, grouped by old effect → new effect and new rule; `--format json` then prints `{line, before, after}` per changed step.",
    "`--fail-on deny` exits with 1 if a step is denied, `--fail-on review` if one is denied or held for review",
    "(with `--against`, only steps whose decision changed count). A terminal shows progress on stderr.",
    "Exits with 1 if a policy has errors, a line is not a JSON object or `--fail-on` trips, 2 if a file cannot be read.",
  ],
  options: [
    { name: "against", description: "the policy to compare with (the one deployed now)", value: { name: "OLD" } },
    { name: "fail-on", description: "exit with 1 when a step is denied (or, with `review`, not allowed)", value: { name: "EFFECT", choices: ["deny", "review"] } },
    { name: "format", description: "how to print decisions", value: { name: "FORMAT", choices: ["text", "json"], default: "text" } },
  ],
  async run(args, { io }) {
    const [policyFile, traceFile, ...extra] = args.positionals;
    if (policyFile === undefined || traceFile === undefined || extra.length > 0) {
      return usageError(io, "replay", `give a policy and a trace; usage: apol replay ${replay.usage}`);
    }
    const policy = await loadFile(policyFile, io);
    if (typeof policy === "number") return policy;
    const againstFile = args.values.get("against");
    const old = againstFile === undefined ? undefined : await loadFile(againstFile, io);
    if (typeof old === "number") return old;
    const trace = new TraceReplay(policy);
    const before = old === undefined ? undefined : new TraceReplay(old);
    const json = args.values.get("format") === "json";
    const gate = failOn(args.values.get("fail-on"));
    const summary = new Summary();
    const diff = new DecisionDiff();
    const progress = new Progress(io.stderr);
    let step = 0;
    let malformed = 0;
    let tripped = 0;
    try {
      const lines = createInterface({ input: createReadStream(traceFile, { encoding: "utf8" }), crlfDelay: Infinity });
      for await (const line of lines) {
        step++;
        progress.tick();
        if (line.trim() === "") continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (error) {
          malformed++;
          io.stderr.write(`apol: ${traceFile}:${step}: not valid JSON (${error instanceof Error ? error.message : "parse error"})\n`);
          continue;
        }
        const result = trace.step(value);
        const earlier = before?.step(value);
        if (result.kind === "malformed") {
          malformed++;
          io.stderr.write(`apol: ${traceFile}:${step}: ${result.message}\n`);
        } else if (result.kind === "observation") {
          if (!json && before === undefined) io.stdout.write(`${String(step).padStart(4)}  ${"observe".padEnd(6)}  session ${result.session}${result.labels.length > 0 ? `, labels ${result.labels.join(", ")}` : ""}\n`);
        } else if (earlier?.kind === "decision") {
          if (!diff.add(step, earlier.decision, result.decision)) continue;
          if (gate.has(result.decision.effect)) tripped++;
          if (json) io.stdout.write(`${JSON.stringify({ line: step, before: earlier.decision, after: result.decision })}\n`);
        } else {
          summary.add(result.decision);
          if (gate.has(result.decision.effect)) tripped++;
          if (json) io.stdout.write(`${JSON.stringify(result.decision)}\n`);
          else io.stdout.write(`${describeStep(step, result.request, result.decision)}\n`);
        }
      }
    } catch (error) {
      progress.done();
      io.stderr.write(`apol: cannot read \`${traceFile}\`: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error)}\n`);
      return exit.trouble;
    }
    progress.done();
    if (!json) {
      if (before === undefined) summary.print(io);
      else diff.print(io);
    }
    if (tripped > 0) {
      const what = gate.has("review") ? "denied or held for review" : "denied";
      io.stderr.write(`apol: \`--fail-on ${args.values.get("fail-on")}\`: ${tripped} ${before === undefined ? "" : "changed "}${tripped === 1 ? "step" : "steps"} ${what}\n`);
    }
    return malformed > 0 || tripped > 0 ? exit.problems : exit.ok;
  },
};

/** The effects `--fail-on` trips on: `deny` alone, or for `review` anything not allowed. */
function failOn(value: string | undefined): ReadonlySet<string> {
  return new Set(value === "deny" ? ["deny"] : value === "review" ? ["deny", "review"] : []);
}

/** Reads and compiles a policy, printing its diagnostics; the exit code when it cannot be read or has errors. */
async function loadFile(file: string, io: Io): Promise<PolicyModule | number> {
  const read = readSource(file);
  if (!read.ok) {
    io.stderr.write(`apol: ${read.message}\n`);
    return exit.trouble;
  }
  const loaded = await loadPolicy(read.text, file);
  printDiagnostics(loaded.diagnostics, file, read.text, io);
  return loaded.ok ? loaded.module : exit.problems;
}

function describeStep(step: number, request: { tool?: unknown }, decision: Decision): string {
  const tool = typeof request.tool === "string" ? request.tool : "?";
  return `${String(step).padStart(4)}  ${decision.effect.padEnd(6)}  ${tool.padEnd(16)}  ${decision.rule.padEnd(22)}  ${decision.reason}`;
}

/** Counts of decisions by effect and by deciding rule. */
class Summary {
  private readonly effects = new Map<string, number>();
  private readonly rules = new Map<string, number>();
  private total = 0;

  add(decision: Decision): void {
    this.total++;
    this.effects.set(decision.effect, (this.effects.get(decision.effect) ?? 0) + 1);
    const key = `${decision.effect} ${decision.rule}`;
    this.rules.set(key, (this.rules.get(key) ?? 0) + 1);
  }

  print(io: Io): void {
    const effects = ["allow", "review", "deny"].map((e) => `${this.effects.get(e) ?? 0} ${e}`).join(", ");
    io.stdout.write(`\n${this.total} steps: ${effects}\n`);
    const byCount = [...this.rules].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [key, count] of byCount) io.stdout.write(`  ${String(count).padStart(6)}  ${key}\n`);
  }
}
