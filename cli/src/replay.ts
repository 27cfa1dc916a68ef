// `apol replay`: decides every step of a JSON Lines trace with a compiled policy, streaming, sessions carried over, and summarises the decisions.
import { statSync } from "node:fs";
import type { Decision } from "@apol/runtime";
import { BufferedOutput } from "./buffered-output.js";
import { exit, usageError, type Command, type Io } from "./command.js";
import { loadPolicyFile } from "./compile-file.js";
import { openLog } from "./open-log.js";
import { Progress } from "./progress.js";
import { DecisionDiff } from "./replay-diff.js";
import { LISTED_SESSIONS, Summary } from "./replay-summary.js";
import { lineBatches, type LineBatch } from "./trace-lines.js";
import { describeAnswer, TraceReplay } from "./trace.js";

/** The `replay` command. */
export const replay: Command = {
  name: "replay",
  summary: "decide every call of a recorded trace with a policy",
  usage: "POLICY TRACE [--against OLD] [--fail-on deny|review] [--summary] [--format text|json] [--log LOG --log-key PRIVATE_KEY]",
  description: [
    "Compiles POLICY and decides each line of TRACE, a JSON Lines file of requests:",
    '`{"session": "s-1", "tool": "send_money", "args": {...}, "now": "2026-11-21T10:00:00Z", "output": ...}`;',
    'a line `{"session": "s-1", "observe": "text or JSON", "labels": ["user"]}` records content and decides nothing.',
    "Steps of a session share its history: an allowed step counts, and its `output` (labelled with the tool's `returns`",
    "and `outputLabels`) is recorded before the next step. A step without `now` takes the latest earlier step's time,",
    "or 1970-01-01T00:00:00Z before any (see docs/session-state.md).",
    "Text output prints one line per step, then a summary: steps by effect, how often each rule decided, and each",
    `session's first deny or review (the first ${LISTED_SESSIONS} sessions by name). \`--format json\` prints one decision object per line,`,
    'then `{"summary": ...}` with every session. `--summary` leaves out the lines per step.',
    "With `--against OLD`, replays the trace with both policies and prints only the steps whose decision (effect or rule)",
    "changed, grouped by old effect → new effect and new rule; `--format json` then prints `{line, before, after}` per changed step.",
    "`--fail-on deny` exits with 1 if a step is denied, `--fail-on review` if one is denied or held for review",
    "(with `--against`, only steps whose decision changed count). The trace is streamed: memory does not grow with its length.",
    "A terminal shows a progress bar on stderr.",
    "`--log LOG --log-key PRIVATE_KEY` appends every decision of POLICY to the signed, hash-chained decision log LOG",
    "(see docs/audit.md), its records timed by the replay's clock, and closes it with a final checkpoint.",
    "Exits with 1 if a policy has errors, a line is not a JSON object or `--fail-on` trips, 2 if a file cannot be read.",
  ],
  options: [
    { name: "against", description: "the policy to compare with (the one deployed now)", value: { name: "OLD" } },
    {
      name: "fail-on",
      description: "exit with 1 when a step is denied (or, with `review`, not allowed)",
      value: { name: "EFFECT", choices: ["deny", "review"] },
    },
    { name: "summary", description: "print only the summary, no line per step" },
    { name: "format", description: "how to print decisions", value: { name: "FORMAT", choices: ["text", "json"], default: "text" } },
    { name: "log", description: "append every decision to this decision log (its files are LOG.000001, ...)", value: { name: "LOG" } },
    { name: "log-key", description: "the Ed25519 private key (PEM) that signs the log's checkpoints", value: { name: "PRIVATE_KEY" } },
  ],
  async run(args, { io }) {
    const [policyFile, traceFile, ...extra] = args.positionals;
    if (policyFile === undefined || traceFile === undefined || extra.length > 0) {
      return usageError(io, "replay", `give a policy and a trace; usage: apol replay ${replay.usage}`);
    }
    const policy = await loadPolicyFile(policyFile, io);
    if (typeof policy === "number") return policy;
    const againstFile = args.values.get("against");
    const old = againstFile === undefined ? undefined : await loadPolicyFile(againstFile, io);
    if (typeof old === "number") return old;
    let size: number;
    try {
      size = statSync(traceFile).size;
    } catch (error) {
      return cannotRead(traceFile, error, io);
    }
    // The log's records are timed by the replay's clock, and the replay is made with the log: the clock is bound once both exist.
    // Replays are written without an fsync per batch: a replay that dies is run again.
    let clock = (): number => 0;
    const log = openLog(args.values.get("log"), args.values.get("log-key"), { clock: () => clock(), sync: false, batchSize: 1024 });
    if (typeof log === "string") return usageError(io, "replay", log);
    const trace = new TraceReplay(policy, log);
    clock = trace.clock;
    const json = args.values.get("format") === "json";
    const out = new BufferedOutput(io.stdout);
    const run = new Run(
      { stdout: out, stderr: io.stderr },
      { traceFile, json, steps: !args.flags.has("summary"), gate: failOn(args.values.get("fail-on")) },
      trace,
      old === undefined ? undefined : new TraceReplay(old),
    );
    const progress = new Progress(io.stderr, size);
    const batches = lineBatches(traceFile);
    let line = 0;
    try {
      for (;;) {
        let next: IteratorResult<LineBatch>;
        try {
          next = await batches.next();
        } catch (error) {
          return cannotRead(traceFile, error, io);
        }
        if (next.done === true) break;
        for (const text of next.value.lines) run.line(++line, text);
        progress.update(line, next.value.bytesRead);
      }
    } finally {
      progress.done();
      out.flush();
      // A final checkpoint vouches for every decision logged, up to a trace that could not be read to its end.
      log?.close();
    }
    run.finish();
    out.flush();
    if (run.tripped > 0) {
      const what = args.values.get("fail-on") === "review" ? "denied or held for review" : "denied";
      io.stderr.write(
        `apol: \`--fail-on ${args.values.get("fail-on")}\`: ${run.tripped} ${old === undefined ? "" : "changed "}${run.tripped === 1 ? "step" : "steps"} ${what}\n`,
      );
    }
    return run.problems > 0 || run.tripped > 0 ? exit.problems : exit.ok;
  },
};

interface RunOptions {
  readonly traceFile: string;
  readonly json: boolean;
  /** Whether to print a line (or object) per step, besides the summary. */
  readonly steps: boolean;
  /** The effects `--fail-on` trips on. */
  readonly gate: ReadonlySet<string>;
}

/** One replay in progress: decides each line with the policy (and the old one) and prints as it goes. */
class Run {
  private readonly summary: Summary;
  private readonly diff = new DecisionDiff();
  /** Lines that could not be replayed as given. */
  problems = 0;
  tripped = 0;

  constructor(
    private readonly io: Io,
    private readonly options: RunOptions,
    private readonly trace: TraceReplay,
    private readonly before: TraceReplay | undefined,
  ) {
    // Text lists the first sessions by name and counts the rest: keep no more than it lists.
    this.summary = new Summary(options.json ? Infinity : LISTED_SESSIONS);
  }

  line(line: number, text: string): void {
    const { io, options } = this;
    // Lines start with `{`: only one that starts with white space can be blank.
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.problem(line, `not valid JSON (${error instanceof Error ? error.message : "parse error"})`);
      return;
    }
    const result = this.trace.step(value);
    const earlier = this.before?.step(value);
    if (result.kind === "malformed") {
      this.problem(line, result.message);
      return;
    }
    if (result.kind === "observation") {
      if (options.steps && !options.json && this.before === undefined) {
        io.stdout.write(
          `${String(line).padStart(4)}  ${"observe".padEnd(6)}  session ${result.session}${result.labels.length > 0 ? `, labels ${result.labels.join(", ")}` : ""}\n`,
        );
      }
      return;
    }
    if (result.kind === "review") {
      if (options.steps && !options.json && this.before === undefined) io.stdout.write(`${String(line).padStart(4)}  ${describeAnswer(result)}\n`);
      return;
    }
    if (result.unrecorded !== undefined) this.problem(line, `the output was not recorded: ${result.unrecorded}`);
    if (earlier?.kind === "decision") {
      if (!this.diff.add(line, earlier.decision, result.decision)) return;
      if (options.gate.has(result.decision.effect)) this.tripped++;
      if (options.steps && options.json) io.stdout.write(`${JSON.stringify({ line, before: earlier.decision, after: result.decision })}\n`);
    } else {
      this.summary.add(line, result.decision);
      if (options.gate.has(result.decision.effect)) this.tripped++;
      if (!options.steps) return;
      io.stdout.write(options.json ? `${JSON.stringify(result.decision)}\n` : `${describeStep(line, result.request, result.decision)}\n`);
    }
  }

  /** Reports a line that could not be replayed as given: it makes the exit code 1. */
  private problem(line: number, message: string): void {
    this.problems++;
    this.io.stderr.write(`apol: ${this.options.traceFile}:${line}: ${message}\n`);
  }

  /** Prints the summary: the diff with `--against`, else the counts and sessions. */
  finish(): void {
    const { io, options } = this;
    const summary = this.before === undefined ? this.summary : this.diff;
    if (options.json) io.stdout.write(`${JSON.stringify({ summary: summary.toJSON() })}\n`);
    // A blank line parts the counts from the lines per step; with `--summary` there are none, so nothing comes before them.
    else if (summary === this.summary) this.summary.print(io, options.steps);
    else summary.print(io);
  }
}

/** The effects `--fail-on` trips on: `deny` alone, or for `review` anything not allowed. */
function failOn(value: string | undefined): ReadonlySet<string> {
  return new Set(value === "deny" ? ["deny"] : value === "review" ? ["deny", "review"] : []);
}

function cannotRead(file: string, error: unknown, io: Io): number {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : error instanceof Error ? error.message : String(error);
  io.stderr.write(`apol: cannot read \`${file}\`: ${why}\n`);
  return exit.trouble;
}

function describeStep(step: number, request: { tool?: unknown }, decision: Decision): string {
  const tool = typeof request.tool === "string" ? request.tool : "?";
  return `${String(step).padStart(4)}  ${decision.effect.padEnd(6)}  ${tool.padEnd(16)}  ${decision.rule.padEnd(22)}  ${decision.reason}`;
}
