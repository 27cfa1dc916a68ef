// The replay benchmark: `apol replay` on a large generated trace, as shipped (the built CLI in a fresh process), for steps per second and peak memory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { clock } from "./clock.js";
import { oldStatefulPolicy, statefulPolicy, statelessPolicy, writeTrace, type TraceSpec } from "./replay-trace.js";

const bin = fileURLToPath(new URL("../../cli/bin/apol.js", import.meta.url));

/** Preloaded into the CLI's process: prints the process's own resource use on exit, for the parent to read. */
const reporter = `process.on("exit", () => process.stderr.write("\\napol-bench " + JSON.stringify(process.resourceUsage()) + "\\n"));`;

/** How big a trace to replay. */
export interface ReplayPlan {
  /** The trace's size in bytes: steps are written until it holds this much. */
  readonly bytes: number;
  readonly spec: TraceSpec;
}

/** One replay, timed from process start to exit. */
export interface ReplayRun {
  readonly name: string;
  /** What the command line was, after `apol`. */
  readonly command: string;
  readonly traceBytes: number;
  readonly steps: number;
  readonly wallMs: number;
  /** User + system CPU time of the process. */
  readonly cpuMs: number;
  /** The process's peak resident set size. */
  readonly maxRssBytes: number;
  /** Steps over the whole process's wall time, start-up and compiling the policy included. */
  readonly stepsPerSecond: number;
  /** Steps over the process's CPU time, which other processes on a busy machine do not inflate (garbage collection threads add to it). */
  readonly stepsPerCpuSecond: number;
}

export interface ReplayReport {
  readonly spec: TraceSpec;
  /** Writing the trace files. */
  readonly generateMs: number;
  readonly runs: readonly ReplayRun[];
}

/** Runs the built `apol` with `args` in `cwd` and reads its resource use from stderr; throws if it fails. */
function timedApol(args: readonly string[], cwd: string): { wallMs: number; cpuMs: number; maxRssBytes: number; out: string } {
  const { value: child, elapsed } = clock(() =>
    spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(reporter)}`, bin, ...args], {
      cwd,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  if (child.status !== 0) throw new Error(`\`apol ${args.join(" ")}\` exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  const line = child.stderr.split("\n").find((l) => l.startsWith("apol-bench "));
  if (line === undefined) throw new Error(`\`apol ${args.join(" ")}\` did not report its resource use:\n${child.stderr}`);
  const usage = JSON.parse(line.slice("apol-bench ".length)) as NodeJS.ResourceUsage;
  // `maxRSS` is in kilobytes.
  return { wallMs: elapsed.wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssBytes: usage.maxRSS * 1024, out: child.stdout };
}

/**
 * Writes a trace of `plan.bytes` and one of a tenth of that (the same steps' beginning), then replays:
 * the stateless policy on both (peak memory should not grow with the trace), the stateful one, and the
 * stateful one `--against` its older version. Every run prints only its summary as JSON, which is checked
 * to have decided every call.
 */
export function benchReplay(plan: ReplayPlan, log: (line: string) => void): ReplayReport {
  const work = mkdtempSync(join(tmpdir(), "apol-bench-replay-"));
  try {
    writeFileSync(join(work, "stateless.apol"), statelessPolicy);
    writeFileSync(join(work, "stateful.apol"), statefulPolicy);
    writeFileSync(join(work, "old.apol"), oldStatefulPolicy);
    log(`  writing a ${Math.round(plan.bytes / 1e6)} MB trace...`);
    const { value: traces, elapsed } = clock(() => ({
      small: writeTrace(join(work, "small.jsonl"), plan.spec, plan.bytes / 10),
      large: writeTrace(join(work, "trace.jsonl"), plan.spec, plan.bytes),
    }));
    const runs: ReplayRun[] = [];
    const replay = (name: string, trace: "small" | "large", args: readonly string[]): void => {
      const file = trace === "small" ? "small.jsonl" : "trace.jsonl";
      const { steps, calls, bytes } = traces[trace];
      const command = ["replay", ...args.slice(0, 1), file, ...args.slice(1), "--summary", "--format", "json"];
      log(`  apol ${command.join(" ")}`);
      const run = timedApol(command, work);
      const summary = (JSON.parse(run.out.trim().split("\n").at(-1) ?? "") as { summary: { steps: number } }).summary;
      // Observations are steps too, but decide nothing.
      if (summary.steps !== calls) throw new Error(`\`apol ${command.join(" ")}\` decided ${summary.steps} of the trace's ${calls} calls`);
      runs.push({
        name,
        command: command.join(" "),
        traceBytes: bytes,
        steps,
        wallMs: run.wallMs,
        cpuMs: run.cpuMs,
        maxRssBytes: run.maxRssBytes,
        stepsPerSecond: steps / (run.wallMs / 1000),
        stepsPerCpuSecond: steps / (run.cpuMs / 1000),
      });
    };
    replay("stateless, a tenth of the trace", "small", ["stateless.apol"]);
    replay("stateless", "large", ["stateless.apol"]);
    replay("stateful", "large", ["stateful.apol"]);
    replay("stateful --against the old version", "large", ["stateful.apol", "--against", "old.apol"]);
    return { spec: plan.spec, generateMs: elapsed.wallMs, runs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
