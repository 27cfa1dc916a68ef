// What every benchmarked engine provides: a policy for the workload, loaded into a function that decides one request.
import type { BenchRequest, Workload } from "../workload.js";

/** Decides one request: true = allow, false = deny. */
export type Decide = (request: BenchRequest) => boolean;

/** Files the parent prepared for the child that loads an engine. */
export interface LoadContext {
  /** Absolute path of the compiled apol module for this workload (only the apol engine reads it). */
  readonly apolModule: string;
}

/** One engine under test. Each runs in its own child process, so its JIT state stays its own. */
export interface Engine {
  readonly name: string;
  /** Builds the policy in the engine's own language and loads it: everything a host does once at start-up. */
  load(workload: Workload, context: LoadContext): Promise<Decide>;
}
