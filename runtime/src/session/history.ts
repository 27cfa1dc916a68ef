// Session history: `count` (and `seen`, emitted as `count(...) > 0`) and `sum` over earlier allowed calls in a window.
import type { SessionView, Where } from "../contract.js";
import { Fault } from "../evaluate/fault.js";

/** The time a window counts back from: a finite window needs a known `now`, even over an empty history. */
function clock(state: SessionView | undefined, windowMs: number): number {
  const now = state?.now;
  if (windowMs !== Infinity && !Number.isFinite(now)) throw new Fault("the time of the request is unknown", "no time");
  return now ?? Number.NaN;
}

/** `count(TARGETS where E, W)`: how many earlier calls to any of `tools` in the window (`Infinity`: the session) satisfy `where`. */
export function count(state: SessionView | undefined, tools: ReadonlySet<string>, windowMs: number, where: Where | undefined): number {
  const now = clock(state, windowMs);
  return state?.history?.count(tools, now, windowMs, where) ?? 0;
}

/** `sum(TOOL.ARG where E, W)`: the total of `args[arg]` over those calls; a value that is not a number counts as 0. */
export function sum(state: SessionView | undefined, tool: string, arg: string, windowMs: number, where: Where | undefined): number {
  const now = clock(state, windowMs);
  return state?.history?.sum(tool, arg, now, windowMs, where) ?? 0;
}
