// Times the compiler's front end (parse, resolve, check) on generated policies, and a full compile of the largest.
import { runPipeline, type StageName } from "@apol/compiler";
import { clock, type Elapsed } from "./clock.js";
import { benchCompileOptions } from "./compile-options.js";
import { generatePolicy } from "./frontend-policy.js";
import { median } from "./stats.js";

/** Timings over several runs: wall-clock median and fastest, and the median CPU time (which a busy machine does not inflate). */
export interface RunTimes {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly cpuMedianMs: number;
}

/** One policy size: how long the front end took on it. */
export interface FrontEndRow extends RunTimes {
  readonly rules: number;
  readonly bytes: number;
  /** From the median CPU time. */
  readonly rulesPerSecond: number;
}

/** Every stage, through `emit`, on one policy size. */
export interface FullCompile extends RunTimes {
  readonly rules: number;
  readonly jsBytes: number;
}

/** The front end on every size, and the full compile of the largest. */
export interface FrontEndReport {
  readonly rows: readonly FrontEndRow[];
  readonly fullCompile: FullCompile;
}

/** How many timed runs each size gets. */
export interface FrontEndPlan {
  readonly sizes: readonly { readonly rules: number; readonly runs: number }[];
  /** Timed full compiles of the largest size. */
  readonly fullRuns: number;
}

/** Runs the pipeline through `until`, throwing if the generated policy has errors (a benchmark of a broken policy measures nothing). */
function compile(text: string, until: StageName): ReturnType<typeof runPipeline> {
  const result = runPipeline(text, "generated.apol", until, benchCompileOptions);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`the generated policy has ${errors.length} errors, the first: ${errors[0]!.code}: ${errors[0]!.message}`);
  return result;
}

/** Times `run`, `runs` times. */
function time(runs: number, run: () => void): RunTimes {
  const elapsed: Elapsed[] = Array.from({ length: runs }, () => clock(run).elapsed);
  const wall = elapsed.map((e) => e.wallMs);
  return { runs, medianMs: median(wall), minMs: Math.min(...wall), cpuMedianMs: median(elapsed.map((e) => e.cpuMs)) };
}

/** The policy size every stage is warmed up on before anything is timed: big enough for the JIT, small enough to be quick. */
const WARMUP_RULES = 1000;

/** Warms the compiler up, then times the front end on every size and the full compile of the largest. */
export function benchFrontEnd(plan: FrontEndPlan): FrontEndReport {
  const warmup = generatePolicy(WARMUP_RULES, 2);
  for (let i = 0; i < 2; i++) compile(warmup, "emit");
  const rows = plan.sizes.map(({ rules, runs }): FrontEndRow => {
    const text = generatePolicy(rules);
    const times = time(runs, () => compile(text, "check"));
    return { rules, bytes: text.length, ...times, rulesPerSecond: (rules / times.cpuMedianMs) * 1000 };
  });
  const largest = Math.max(...plan.sizes.map((s) => s.rules));
  const text = generatePolicy(largest);
  let jsBytes = 0;
  const times = time(plan.fullRuns, () => {
    jsBytes = compile(text, "emit").outputs.emit!.js.length;
  });
  return { rows, fullCompile: { rules: largest, ...times, jsBytes } };
}
