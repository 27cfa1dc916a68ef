// A session's earlier allowed calls, one list per tool in the order they were allowed, pruned to the windows the policy reads.
import type { HistoryEntry, HistoryIndex, Where } from "./contract.js";
import { isRecord } from "./values.js";

/** A kept call: its output arrives after the tool ran (`record`). */
export interface StoredCall extends HistoryEntry {
  readonly id: string;
  output?: unknown;
}

/** Whether a call made at `time` is in a window of `windowMs` before `now` (semantics.md: `now - time < W`). */
const inWindow = (now: number, windowMs: number, time: number): boolean => windowMs === Infinity || now - time < windowMs;

/** The calls to one tool, oldest first; `start` skips the pruned ones until the array is compacted. */
class ToolCalls {
  private calls: StoredCall[] = [];
  private start = 0;
  /** INVARIANT (sorted): while true, the kept calls' times never decrease (and none is NaN), so a window is a suffix. */
  private sorted = true;

  constructor(private readonly windowMs: number) {}

  get length(): number {
    return this.calls.length - this.start;
  }

  push(call: StoredCall): void {
    const last = this.calls[this.calls.length - 1];
    if (Number.isNaN(call.time) || (last !== undefined && call.time < last.time)) this.sorted = false;
    this.calls.push(call);
  }

  /** Takes out the kept call `id`; whether it was kept. The order of the others (and so `sorted`) is unchanged. */
  remove(id: string): boolean {
    for (let i = this.start; i < this.calls.length; i++) {
      if (this.calls[i]!.id !== id) continue;
      this.calls.splice(i, 1);
      return true;
    }
    return false;
  }

  /** Drops calls from the front that no window can reach once the session's time is `latest`; returns them. */
  prune(latest: number): StoredCall[] {
    if (this.windowMs === Infinity || !Number.isFinite(latest)) return [];
    const from = this.start;
    while (this.start < this.calls.length && !inWindow(latest, this.windowMs, this.calls[this.start]!.time)) this.start++;
    const dropped = this.calls.slice(from, this.start);
    if (this.start > 64 && this.start * 2 > this.calls.length) {
      this.calls = this.calls.slice(this.start);
      this.start = 0;
    }
    return dropped;
  }

  /** Where the calls in the window begin: a binary search while sorted, else the first kept call. */
  private first(now: number, windowMs: number): number {
    if (windowMs === Infinity || !this.sorted) return this.start;
    let lo = this.start;
    let hi = this.calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inWindow(now, windowMs, this.calls[mid]!.time)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  count(now: number, windowMs: number, where: Where | undefined): number {
    const from = this.first(now, windowMs);
    if (!where && (this.sorted || windowMs === Infinity)) return this.calls.length - from;
    let n = 0;
    for (let i = from; i < this.calls.length; i++) {
      const call = this.calls[i]!;
      if (inWindow(now, windowMs, call.time) && (!where || where(call))) n++;
    }
    return n;
  }

  sum(arg: string, now: number, windowMs: number, where: Where | undefined): number {
    let total = 0;
    for (let i = this.first(now, windowMs); i < this.calls.length; i++) {
      const call = this.calls[i]!;
      if (!inWindow(now, windowMs, call.time) || (where && !where(call))) continue;
      const v = isRecord(call.args) && Object.hasOwn(call.args, arg) ? call.args[arg] : 0;
      if (typeof v === "number") total += v;
    }
    return total;
  }
}

/**
 * The history of one session. Each tool's calls are kept for the longest window
 * the policy looks back over them (`windows`); `count` without `where` is a binary
 * search, `sum` and `where` visit only the calls in the window.
 */
export class SessionHistory implements HistoryIndex {
  private readonly tools = new Map<string, ToolCalls>();
  /** Calls that still wait for their output, by decision id. */
  private readonly awaiting = new Map<string, StoredCall>();
  /** The number of calls kept. */
  size = 0;

  constructor(private readonly windows: Readonly<Record<string, { readonly windowMs: number; readonly output: boolean }>>) {}

  /** Keeps a call; `latest` is the latest time the session has seen, from which calls out of every window are dropped. */
  add(call: StoredCall, latest: number): void {
    const need = this.windows[call.tool];
    if (!need) return;
    let calls = this.tools.get(call.tool);
    if (!calls) this.tools.set(call.tool, (calls = new ToolCalls(need.windowMs)));
    calls.push(call);
    this.size++;
    if (need.output) this.awaiting.set(call.id, call);
    this.drop(calls.prune(latest));
  }

  /** Drops every call no window can reach once the session's time is `latest`: what a limit on kept calls counts must not include them. */
  prune(latest: number): void {
    for (const calls of this.tools.values()) this.drop(calls.prune(latest));
  }

  private drop(dropped: readonly StoredCall[]): void {
    for (const call of dropped) {
      this.awaiting.delete(call.id);
      this.size--;
    }
  }

  /**
   * Takes out the call `id` (a voided call); a call pruned or never kept is nothing to take out. Voids are rare
   * (a tool that failed), so this looks through the calls rather than keep an index by id for every call.
   */
  remove(id: string): void {
    for (const calls of this.tools.values()) {
      if (!calls.remove(id)) continue;
      this.awaiting.delete(id);
      this.size--;
      return;
    }
  }

  /** Attaches the output of the call `id`, if it is kept and the policy reads its output; a second output is ignored. */
  attach(id: string, output: unknown): void {
    const call = this.awaiting.get(id);
    if (!call) return;
    call.output = output;
    this.awaiting.delete(id);
  }

  count(tools: ReadonlySet<string>, now: number, windowMs: number, where: Where | undefined): number {
    let n = 0;
    for (const tool of tools) n += this.tools.get(tool)?.count(now, windowMs, where) ?? 0;
    return n;
  }

  sum(tool: string, arg: string, now: number, windowMs: number, where: Where | undefined): number {
    return this.tools.get(tool)?.sum(arg, now, windowMs, where) ?? 0;
  }
}
