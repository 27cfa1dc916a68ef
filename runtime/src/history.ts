// Session history: `count` (and `seen`, emitted as `count(...) > 0`) and `sum` over earlier allowed calls in a window.
import type { EvaluationState, HistoryEntry } from "./contract.js";
import { Fault } from "./fault.js";
import { isRecord } from "./values.js";

/** A `where` clause, with the earlier call as `it`; its faults fault the whole history expression. */
type Where = ((entry: HistoryEntry) => boolean) | undefined;

/**
 * The earlier calls of `state.history` that pass `target`, fall in the window
 * (`now - time < windowMs`; `Infinity` is the whole session) and satisfy `where`,
 * tested in that order. A finite window needs a known `now`.
 */
function select(state: EvaluationState | undefined, target: (entry: HistoryEntry) => boolean, windowMs: number, where: Where): HistoryEntry[] {
  const now = state?.now as number;
  if (windowMs !== Infinity && !Number.isFinite(now)) throw new Fault("the time of the request is unknown");
  return (state?.history ?? []).filter((e) => target(e) && (windowMs === Infinity || now - e.time < windowMs) && (!where || where(e)));
}

/** `count(TARGETS where E, W)`: how many earlier calls to any of `tools` in the window satisfy `where`. */
export function count(state: EvaluationState | undefined, tools: ReadonlySet<string>, windowMs: number, where: Where): number {
  return select(state, (e) => tools.has(e.tool), windowMs, where).length;
}

/** `sum(TOOL.ARG where E, W)`: the total of `args[arg]` over those calls; a value that is not a number counts as 0. */
export function sum(state: EvaluationState | undefined, tool: string, arg: string, windowMs: number, where: Where): number {
  let total = 0;
  for (const { args } of select(state, (e) => e.tool === tool, windowMs, where)) {
    const v = isRecord(args) && Object.hasOwn(args, arg) ? args[arg] : 0;
    if (typeof v === "number") total += v;
  }
  return total;
}
