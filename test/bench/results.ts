// The shape of one benchmark run's results: what `test/artifacts/bench.json` holds and the markdown report shows.
import { cpus, loadavg } from "node:os";
import type { DecisionReport, ScalingRow } from "./decisions.js";
import type { FrontEndReport } from "./frontend.js";
import type { DeskReport } from "./desk.js";
import type { LspReport } from "./lsp.js";
import type { McpReport } from "./mcp.js";
import type { RegexReport } from "./regex.js";
import type { ReplayReport } from "./replay.js";
import type { RuntimeSize } from "./size.js";
import type { StateReport } from "./state.js";
import type { VscodeReport } from "./vscode.js";

/** The machine a run measured: figures from different machines, or the same one under different load, do not compare. */
export interface Machine {
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  /** The 1-minute load average when the run started and when it ended. */
  readonly loadStart: number;
  readonly loadEnd: number;
}

/** A goal the project set, and whether this run met it. */
export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Everything one run measured; the sections `--only` left out are absent. */
export interface BenchResults {
  readonly date: string;
  readonly quick: boolean;
  readonly seconds: number;
  readonly machine: Machine;
  readonly frontEnd?: FrontEndReport;
  readonly decisions?: DecisionReport;
  readonly scaling?: readonly ScalingRow[];
  readonly regex?: RegexReport;
  readonly runtimeSize?: RuntimeSize;
  readonly replay?: ReplayReport;
  readonly state?: StateReport;
  readonly lsp?: LspReport;
  readonly desk?: DeskReport;
  readonly mcp?: McpReport;
  readonly vscode?: VscodeReport;
  readonly targets: readonly Target[];
}

/** The machine now, with the load average at the start of the run. */
export function describeMachine(loadStart: number): Machine {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    loadStart,
    loadEnd: loadavg()[0]!,
  };
}
