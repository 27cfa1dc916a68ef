// The goals the project set for the compiler and the runtime, checked against one run's figures.
import type { DecisionReport, EngineFigures } from "./decisions.js";
import type { FrontEndReport } from "./frontend.js";
import { bytes, count, ms, times } from "./format.js";
import type { ReplayReport } from "./replay.js";
import type { Target } from "./results.js";
import type { RuntimeSize } from "./size.js";

/** Two ways of comparing engines: the median of individually timed decisions, and CPU time per decision in plain loops. */
const ratios = (slow: EngineFigures, fast: EngineFigures): { median: number; cpu: number } => ({
  median: slow.medianNs / fast.medianNs,
  cpu: slow.cpuNs / fast.cpuNs,
});

/**
 * The targets this run can judge. A ratio target is met only if both ways of comparing meet it: the
 * per-call timer's overhead shrinks ratios between fast engines, and the median leaves out garbage collection.
 */
export function evaluateTargets(frontEnd?: FrontEndReport, decisions?: DecisionReport, size?: RuntimeSize, replay?: ReplayReport): Target[] {
  const targets: Target[] = [];
  if (frontEnd) {
    const largest = frontEnd.rows.at(-1)!;
    const full = frontEnd.fullCompile;
    // Judged on CPU time: wall time on a shared machine mostly measures the other processes.
    targets.push({
      name: `front end (parse + resolve + check), ${count(largest.rules)} rules`,
      goal: "< 1,000 ms",
      measured: `${ms(largest.cpuMedianMs)} CPU (wall ${ms(largest.medianMs)})`,
      met: largest.cpuMedianMs < 1000,
    });
    targets.push({
      name: `full compile (through emit), ${count(full.rules)} rules`,
      goal: "< 3,000 ms",
      measured: `${ms(full.cpuMedianMs)} CPU (wall ${ms(full.medianMs)})`,
      met: full.cpuMedianMs < 3000,
    });
  }
  if (decisions) {
    const by = (key: string): EngineFigures => decisions.engines.find((e) => e.engine === key)!;
    const apol = by("apol");
    const base = ratios(apol, by("handwritten"));
    targets.push({
      name: "apol vs hand-written JS",
      goal: "within 1.5×",
      measured: `${times(base.median)} (median), ${times(base.cpu)} (CPU)`,
      met: base.median <= 1.5 && base.cpu <= 1.5,
    });
    for (const [key, goal] of [["cedar", 1000], ["casbin", 1000], ["cel", 5]] as const) {
      const peer = by(key);
      const speedup = ratios(peer, apol);
      targets.push({
        name: `apol vs ${peer.name}`,
        goal: `≥ ${count(goal)}× faster`,
        measured: `${times(speedup.median)} (median), ${times(speedup.cpu)} (CPU)`,
        met: speedup.median >= goal && speedup.cpu >= goal,
      });
    }
  }
  if (size) {
    targets.push({
      name: "runtime size (minified + gzipped)",
      goal: `≤ ${count(size.budgetBytes)} bytes`,
      measured: `${count(size.gzipBytes)} bytes`,
      met: size.gzipBytes <= size.budgetBytes,
    });
  }
  const stateless = replay?.runs.find((r) => r.name === "stateless");
  if (stateless) {
    // Judged on CPU time, like the front end: wall time on a shared machine mostly measures the other processes.
    targets.push({
      name: `replay, stateless policy, ${bytes(stateless.traceBytes)} trace`,
      goal: "≥ 200,000 steps/s",
      measured: `${count(stateless.stepsPerCpuSecond)} steps per CPU-s (wall ${count(stateless.stepsPerSecond)} steps/s)`,
      met: stateless.stepsPerCpuSecond >= 200_000,
    });
  }
  return targets;
}
