// The peer comparison and the dispatch scaling: engines in child processes, checked to decide every request identically.
import { runChild } from "./child-process.js";
import type { Elapsed } from "./clock.js";
import type { ChildResult } from "./child.js";
import { apolPolicy, compileApol } from "./engines/apol.js";
import { engineOrder, type EngineKey } from "./engines/index.js";
import type { TimingPlan } from "./measure.js";
import { makeWorkload, namedTools, type WorkloadSpec } from "./workload.js";

/** One engine's figures: its child's result without the per-request decisions, which only verification needs. */
export type EngineFigures = Omit<ChildResult, "decisions">;

/** The peer comparison: the workload, what the policy decided, and every engine's figures. */
export interface DecisionReport {
  readonly spec: WorkloadSpec;
  readonly tools: number;
  readonly allows: number;
  readonly denies: number;
  /** Compiling the apol policy (all stages), which happens before deployment rather than at load. */
  readonly apolCompile: Elapsed;
  /** The path of the compiled peer policy, whose `ops` imports the size benchmark bundles as a stateless app's. */
  readonly apolModule: string;
  readonly engines: readonly EngineFigures[];
}

/** apol and the baseline on one request mix. */
export interface Pair {
  readonly handwritten: EngineFigures;
  readonly apol: EngineFigures;
}

/** One policy size of the scaling: apol and the baseline on both request mixes. */
export interface ScalingRow {
  readonly tools: number;
  readonly apolCompile: Elapsed;
  /** The generated module's size in bytes. */
  readonly moduleBytes: number;
  /** Requests spread over every tool: most tools see few calls, so their code stays cold. */
  readonly spread: Pair;
  /** How many tools the `hot` mix calls. */
  readonly hotTools: number;
  /** Requests to the first `hotTools` tools only: the dispatch over many tools, on warm code. */
  readonly hot: Pair;
}

/**
 * Throws, listing the first disagreements, unless every result decided every request as `baseline` did.
 * A benchmark whose engines disagree compares different policies, so it must not report figures.
 */
function verify(spec: WorkloadSpec, baseline: ChildResult, results: readonly ChildResult[]): void {
  const requests = makeWorkload(spec).requests;
  const problems: string[] = [];
  for (const result of results) {
    if (result.decisions.length !== requests.length) problems.push(`${result.name} decided ${result.decisions.length} of ${requests.length} requests`);
    for (let i = 0; i < requests.length && problems.length < 10; i++) {
      if (result.decisions[i] !== baseline.decisions[i]) {
        const said = (d: string | undefined): string => (d === "1" ? "allow" : "deny");
        problems.push(
          `request ${i}: ${result.name} says ${said(result.decisions[i])}, ${baseline.name} says ${said(baseline.decisions[i])}: ${JSON.stringify(requests[i])}`,
        );
      }
    }
  }
  if (problems.length > 0) throw new Error(`the engines disagree, so their timings mean nothing:\n  ${problems.join("\n  ")}`);
}

const figures = ({ decisions: _, ...rest }: ChildResult): EngineFigures => rest;

/** Runs `keys` one after another on `spec`, each in its own process, and verifies them against the first. */
function runEngines(keys: readonly EngineKey[], spec: WorkloadSpec, apolModule: string, plan: TimingPlan, log: (line: string) => void): ChildResult[] {
  const results = keys.map((engine) => {
    log(`  ${engine}...`);
    return runChild({ engine, spec, apolModule, plan }, log);
  });
  verify(spec, results[0]!, results.slice(1));
  return results;
}

/** The peer workload: every engine on the named tools plus `spec.generated` generated ones. */
export function benchDecisions(spec: WorkloadSpec, plan: TimingPlan, log: (line: string) => void): DecisionReport {
  const workload = makeWorkload(spec);
  const compiled = compileApol(apolPolicy(workload), "decisions");
  const results = runEngines(engineOrder, spec, compiled.path, plan, log);
  const allows = [...results[0]!.decisions].filter((d) => d === "1").length;
  return {
    spec,
    tools: (spec.named ? namedTools.length : 0) + spec.generated,
    allows,
    denies: spec.requests - allows,
    apolCompile: compiled.compile,
    apolModule: compiled.path,
    engines: results.map(figures),
  };
}

/** apol against the hand-written baseline as the number of tools grows (generated tools only), on both request mixes. */
export function benchScaling(
  toolCounts: readonly number[],
  hotTools: number,
  base: Pick<WorkloadSpec, "seed" | "requests">,
  plan: TimingPlan,
  log: (line: string) => void,
): ScalingRow[] {
  return toolCounts.map((tools) => {
    const spread: WorkloadSpec = { ...base, named: false, generated: tools };
    // The policy depends on the tools only, so both mixes share one compiled module.
    const compiled = compileApol(apolPolicy(makeWorkload({ ...spread, requests: 0 })), `scaling-${tools}`);
    const pair = (spec: WorkloadSpec, label: string): Pair => {
      log(` ${tools} tools, ${label}`);
      const [handwritten, apol] = runEngines(["handwritten", "apol"], spec, compiled.path, plan, log);
      return { handwritten: figures(handwritten!), apol: figures(apol!) };
    };
    return {
      tools,
      apolCompile: compiled.compile,
      moduleBytes: compiled.moduleBytes,
      spread: pair(spread, "requests spread over all"),
      hotTools,
      hot: pair({ ...spread, hot: hotTools }, `requests to ${hotTools}`),
    };
  });
}
