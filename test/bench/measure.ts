// Times one loaded engine over a request list: warm-up, then every decision timed on its own, then plain loops for throughput.
import { cpuMsSince } from "./clock.js";
import { median, quantile } from "./stats.js";
import type { Decide } from "./engines/engine.js";
import type { BenchRequest } from "./workload.js";

/** How long to warm up and how many timed passes to make. */
export interface TimingPlan {
  /** Decide requests (cycling through the list, at most three passes) for this long before timing. */
  readonly warmupMs: number;
  /** At most this many timed passes over the whole list... */
  readonly maxPasses: number;
  /** ...and no new pass once the timed passes took this long (a slow engine gets one pass). */
  readonly budgetMs: number;
  /** At most this many plain-loop passes, each under its own timer, as far as the budget allows again. */
  readonly loopPasses: number;
}

/** What the timing found. Every decision is timed on its own (wall-clock); `cpuNs` is CPU time over plain loops. */
export interface Measurement {
  readonly passes: number;
  readonly samples: number;
  readonly medianNs: number;
  readonly p99Ns: number;
  /** The median cost of one `process.hrtime.bigint()` pair with nothing between: included in every sample. */
  readonly timerOverheadNs: number;
  /**
   * CPU time (user + system, all of the process's threads) per decision in a loop with no per-call timer:
   * the median over plain-loop passes, or over the timed passes when the engine is too slow for another pass.
   * Unlike wall time, it does not grow while other processes hold the cores; it does include garbage collection.
   */
  readonly cpuNs: number;
  /** Plain-loop passes made; 0 means `cpuNs` comes from the timed passes. */
  readonly loopPasses: number;
  /** `1e9 / cpuNs`: decisions per CPU-second. */
  readonly decisionsPerCpuSecond: number;
  /** The first pass's decisions, one character per request: `1` allow, `0` deny. */
  readonly decisions: string;
}

const hrtime = process.hrtime.bigint;

/** The median cost of reading the timer twice. */
function timerOverhead(): number {
  const samples = new Float64Array(20_000);
  for (let i = 0; i < samples.length; i++) {
    const start = hrtime();
    samples[i] = Number(hrtime() - start);
  }
  return quantile(samples.sort(), 0.5);
}

/** Runs `decide` over `requests` as `plan` says; throws if a later pass decides a request differently from the first. */
export function measure(decide: Decide, requests: readonly BenchRequest[], plan: TimingPlan): Measurement {
  const n = requests.length;
  const warmupEnd = performance.now() + plan.warmupMs;
  for (let i = 0; i < 3 * n && performance.now() < warmupEnd; i++) decide(requests[i % n]!);
  const overhead = timerOverhead();

  const samples = new Float64Array(n * plan.maxPasses);
  const decisions = new Uint8Array(n);
  const budgetNs = plan.budgetMs * 1e6;
  let k = 0;
  let passes = 0;
  let elapsedNs = 0;
  const timedCpu = process.cpuUsage();
  while (passes < plan.maxPasses && (passes === 0 || elapsedNs < budgetNs)) {
    const passStart = hrtime();
    for (let i = 0; i < n; i++) {
      const request = requests[i]!;
      const start = hrtime();
      const allowed = decide(request);
      const end = hrtime();
      samples[k++] = Number(end - start);
      const bit = allowed ? 1 : 0;
      if (passes === 0) decisions[i] = bit;
      else if (decisions[i] !== bit) throw new Error(`request ${i} was decided differently in pass ${passes + 1}: ${JSON.stringify(request)}`);
    }
    elapsedNs += Number(hrtime() - passStart);
    passes++;
  }
  const timedCpuNs = (cpuMsSince(timedCpu) * 1e6) / k;
  const timed = samples.subarray(0, k).sort();

  // Plain loops measure throughput without the per-call timer, if more passes fit in the budget.
  const loops = Math.min(plan.loopPasses, Math.floor(budgetNs / (elapsedNs / passes)));
  const expected = decisions.reduce((a, b) => a + b, 0);
  const loopCpuNs: number[] = [];
  for (let pass = 0; pass < loops; pass++) {
    let allowed = 0;
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) if (decide(requests[i]!)) allowed++;
    loopCpuNs.push((cpuMsSince(start) * 1e6) / n);
    if (allowed !== expected) throw new Error(`a plain loop allowed ${allowed} requests, the timed pass ${expected}`);
  }
  const cpuNs = loops > 0 ? median(loopCpuNs) : timedCpuNs;
  return {
    passes,
    samples: k,
    medianNs: quantile(timed, 0.5),
    p99Ns: quantile(timed, 0.99),
    timerOverheadNs: overhead,
    cpuNs,
    loopPasses: loops,
    decisionsPerCpuSecond: 1e9 / cpuNs,
    decisions: Array.from(decisions).join(""),
  };
}
