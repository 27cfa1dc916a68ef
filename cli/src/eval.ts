// `apol eval POLICY [REQUEST | -]`: decides one request (or a JSON Lines stream of them) and prints each decision; `--explain` shows every rule.
import { readFileSync } from "node:fs";
import { explainRules, renderSource, runPipeline, type RuleExplanation } from "@apol/compiler";
import type { Decision } from "@apol/runtime";
import { exit, usageError, type Command, type Io } from "./command.js";
import { loadPolicyFile } from "./compile-file.js";
import { readSource } from "./files.js";
import { describeAnswer, TraceReplay } from "./trace.js";

/** The `eval` command. */
export const evalCommand: Command = {
  name: "eval",
  summary: "decide one request (or a JSON Lines stream) with a policy",
  usage: "POLICY [REQUEST.json | -] [--explain] [--format json|text]",
  description: [
    "Compiles POLICY and decides the request in REQUEST.json, or read from stdin when REQUEST is `-` or absent:",
    '`{"tool": "send_money", "args": {...}, "user": {...}, "session": "s-1", "now": "2026-11-21T10:00:00Z"}`.',
    "A file of several JSON objects, one per line (JSON Lines), is decided line by line with sessions carried over,",
    "as `apol replay` does. Prints each decision as one JSON object per line; `--format text` prints",
    "`effect  tool  rule  reason` instead.",
    "`--explain` (one request only) also shows every rule in source order: whether it targets the tool, whether it",
    "matched, and the value of each `and`-joined part of its `when` and `unless` (`fault` when evaluating it failed,",
    "`skipped` when an earlier part already decided), evaluated on the request alone, the session being empty.",
    "Exits with 0 when every request was decided, 1 if the policy has errors or a line is not a JSON object, 2 if a file cannot be read.",
  ],
  options: [
    { name: "explain", description: "show every rule, whether it matched, and each condition's value" },
    { name: "format", description: "how to print decisions", value: { name: "FORMAT", choices: ["json", "text"], default: "json" } },
  ],
  async run(args, { io }) {
    const [policyFile, requestFile = "-", ...extra] = args.positionals;
    if (policyFile === undefined || extra.length > 0)
      return usageError(io, "eval", `give a policy and at most one request file; usage: apol eval ${evalCommand.usage}`);
    const input = readInput(requestFile);
    if (!input.ok) {
      io.stderr.write(`apol: ${input.message}\n`);
      return exit.trouble;
    }
    const requests = parseRequests(input.text);
    if (typeof requests === "string") {
      io.stderr.write(`apol eval: ${requestFile === "-" ? "stdin" : `\`${requestFile}\``}: ${requests}\n`);
      return exit.problems;
    }
    const explain = args.flags.has("explain");
    if (explain && requests.length !== 1) return usageError(io, "eval", `\`--explain\` explains one request; the input holds ${requests.length}`);
    const module = await loadPolicyFile(policyFile, io);
    if (typeof module === "number") return module;
    const text = args.values.get("format") === "text";
    const trace = new TraceReplay(module);
    for (const request of requests) {
      const step = trace.step(request);
      if (step.kind === "malformed") {
        io.stderr.write(`apol eval: ${step.message}\n`);
        return exit.problems;
      }
      if (step.kind === "observation") continue;
      if (step.kind === "review") {
        io.stdout.write(text ? `${describeAnswer(step)}\n` : `${JSON.stringify({ answer: step.answer, session: step.session, ...step.state })}\n`);
        continue;
      }
      io.stdout.write(text ? `${describe(step.request, step.decision)}\n` : `${JSON.stringify(printed(step.decision))}\n`);
      if (explain) writeExplanation(policyFile, step.request, trace.clock(), io);
    }
    return exit.ok;
  },
};

/** The file's text, or stdin's for `-`. */
function readInput(file: string): ReturnType<typeof readSource> {
  if (file !== "-") return readSource(file);
  try {
    return { ok: true, text: readFileSync(0, "utf8") };
  } catch (error) {
    return { ok: false, message: `cannot read stdin: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** One JSON value (a request, pretty-printed or not), else JSON Lines; the problem with the first bad line otherwise. */
function parseRequests(text: string): unknown[] | string {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    const requests: unknown[] = [];
    const lines = text.split("\n");
    for (const [i, line] of lines.entries()) {
      if (line.trim() === "") continue;
      try {
        requests.push(JSON.parse(line));
      } catch (error) {
        return `line ${i + 1} is not JSON (${error instanceof Error ? error.message : String(error)})`;
      }
    }
    return requests.length === 0 ? "no request: the input is empty" : requests;
  }
}

/** The decision without its per-run id. */
function printed(decision: Decision): Omit<Decision, "id"> {
  const { id: _id, ...rest } = decision;
  return rest;
}

function describe(request: Readonly<Record<string, unknown>>, decision: Decision): string {
  const tool = typeof request["tool"] === "string" ? request["tool"] : "?";
  return `${decision.effect}  ${tool}  ${decision.rule}  ${decision.reason}`;
}

/** Every rule of the policy and its conditions' values for `request`, by the reference evaluator on an empty session. */
function writeExplanation(file: string, request: Readonly<Record<string, unknown>>, now: number, io: Io): void {
  const read = readSource(file);
  if (!read.ok) return;
  const checked = runPipeline(read.text, file, "check").outputs.check;
  const rules = checked === undefined ? undefined : explainRules(checked, request, { now });
  if (rules === undefined) {
    io.stdout.write("no rule was evaluated: the request was refused before the rules (see its reason)\n");
    return;
  }
  const source = renderSource(file, read.text);
  const at = (offset: number): string => {
    const { line, column } = source.lines.position(offset);
    return `${file}:${line}:${column}`;
  };
  const width = Math.max(...rules.map((r) => r.rule.name.length));
  for (const explained of rules) io.stdout.write(ruleLines(explained, width, at, read.text).join("\n") + "\n");
}

function ruleLines(explained: RuleExplanation, width: number, at: (offset: number) => string, text: string): string[] {
  const { rule, targets, matched, parts } = explained;
  const mark = !targets ? "-" : matched ? "✓" : "✗";
  const state = !targets ? "does not target this tool" : matched ? "matched" : "did not match";
  const head = `${mark} ${rule.name.padEnd(width)}  ${rule.effect.padEnd(6)}  ${state}  (${at(rule.decl.span.start)})`;
  return [head, ...parts.map((part) => `    ${part.clause.padEnd(6)}  ${text.slice(part.span.start, part.span.end)}  →  ${part.value}`)];
}
