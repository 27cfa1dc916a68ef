// The child process that benchmarks one engine: loads its policy, times its decisions, prints the result as one JSON line.
import { engines, type EngineKey } from "./engines/index.js";
import { measure, type Measurement, type TimingPlan } from "./measure.js";
import { makeWorkload, type WorkloadSpec } from "./workload.js";

/** What the parent asks of one child. */
export interface ChildConfig {
  readonly engine: EngineKey;
  readonly spec: WorkloadSpec;
  readonly apolModule: string;
  readonly plan: TimingPlan;
}

/** What one child reports. */
export interface ChildResult extends Measurement {
  readonly engine: EngineKey;
  readonly name: string;
  /** From start of loading the policy (the engine's own modules included) to a ready decide function. */
  readonly loadMs: number;
}

const config = JSON.parse(process.argv[2] ?? "") as ChildConfig;
const engine = engines[config.engine];
// Requests first: building them is the harness's work, not the engine's load.
const workload = makeWorkload(config.spec);
const loadStart = performance.now();
const decide = await engine.load(workload, { apolModule: config.apolModule });
const loadMs = performance.now() - loadStart;
const result: ChildResult = { engine: config.engine, name: engine.name, loadMs, ...measure(decide, workload.requests, config.plan) };
process.stdout.write(`${JSON.stringify(result)}\n`);
