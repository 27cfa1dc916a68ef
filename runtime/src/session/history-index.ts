// A session's earlier allowed calls, one list per tool in the order they were allowed, pruned to the windows the policy reads.
import type { HistoryEntry, HistoryIndex, Where } from "../contract.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** A kept call: its output arrives after the tool ran (`record`). */
export interface StoredCall extends HistoryEntry {
  readonly id: string;
  output?: unknown;
}

/** `where` clauses that read only the call they are given (the compiler marks them with `callOnly`): their answers are kept. */
const callOnlyClauses = new WeakSet<Where>();

/** Marks a `where` clause that reads only the call it is given, made once per module: the history index evaluates it once per kept call. */
export function callOnly(where: Where): Where {
  callOnlyClauses.add(where);
  return where;
}

/**
 * What a call-only `where` clause (or none) answered for each call, as prefix counts over the tool's array of calls:
 * `matched[j]` calls of the first `j` matched, `faulted[j]` faulted, and the total of an argument over those that matched
 * (`totals`, per argument, while every value is a safe integer: then a difference of totals is the exact sum).
 */
class Answers {
  readonly matched = [0];
  readonly faulted = [0];
  readonly faults: unknown[] = [];
  readonly totals = new Map<string, number[] | null>();

  /** Forgets the answers for the calls from index `j` on. */
  rewind(j: number): void {
    if (this.matched.length <= j + 1) return;
    this.matched.length = this.faulted.length = j + 1;
    this.faults.length = Math.min(this.faults.length, j);
    for (const [arg, totals] of this.totals)
      if (totals === null) this.totals.delete(arg);
      else totals.length = Math.min(totals.length, j + 1);
  }
}

/** Whether a call made at `time` is in a window of `windowMs` before `now` (semantics.md: `now - time < W`). */
const inWindow = (now: number, windowMs: number, time: number): boolean => windowMs === Infinity || now - time < windowMs;

/** The largest total kept: the difference of two such totals, and every sum in between, is an exact double. */
const EXACT_TOTAL = 2 ** 52;

/** What a call adds to `sum` of `arg`: its value when that is a number, else 0. */
function amount(call: StoredCall, arg: string): number {
  const v = isRecord(call.args) && Object.hasOwn(call.args, arg) ? call.args[arg] : 0;
  return typeof v === "number" ? v : 0;
}

/** The calls to one tool, oldest first; `start` skips the pruned ones until the array is compacted. */
class ToolCalls {
  private calls: StoredCall[] = [];
  private start = 0;
  /** INVARIANT (sorted): while true, the kept calls' times never decrease (and none is NaN), so a window is a suffix. */
  private sorted = true;
  /** The answers of call-only `where` clauses (`null`: no clause), for the calls in `calls`; dropped when a call is taken out or the array compacted. */
  private answers = new Map<Where | null, Answers>();

  constructor(private readonly windowMs: number) {}

  get length(): number {
    return this.calls.length - this.start;
  }

  push(call: StoredCall): void {
    const last = this.calls[this.calls.length - 1];
    if (Number.isNaN(call.time) || (last !== undefined && call.time < last.time)) this.sorted = false;
    this.calls.push(call);
  }

  /** Forgets what `where` clauses answered for `call` and the calls after it: its output arrived, which a clause may read. */
  changed(call: StoredCall): void {
    let j = this.calls.length - 1;
    while (j >= this.start && this.calls[j] !== call) j--;
    if (j < this.start) return;
    for (const answers of this.answers.values()) answers.rewind(j);
  }

  /** Takes out the kept call `id`; whether it was kept. The order of the others (and so `sorted`) is unchanged. */
  remove(id: string): boolean {
    for (let i = this.start; i < this.calls.length; i++) {
      if (this.calls[i]!.id !== id) continue;
      this.calls.splice(i, 1);
      this.answers.clear();
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
      this.answers.clear();
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

  /** The answers of `where` brought up to date: the clause runs once on each call added since. */
  private answered(where: Where | null): Answers {
    let answers = this.answers.get(where);
    if (!answers) this.answers.set(where, (answers = new Answers()));
    const { matched, faulted, faults } = answers;
    for (let j = matched.length - 1; j < this.calls.length; j++) {
      let hit = true;
      let fault = false;
      if (where) {
        try {
          hit = where(this.calls[j]!);
        } catch (error) {
          faults[j] = error;
          fault = true;
          hit = false;
        }
      }
      matched.push(matched[j]! + (hit ? 1 : 0));
      faulted.push(faulted[j]! + (fault ? 1 : 0));
    }
    return answers;
  }

  /** Whether answers can be kept for `where`: a call-only clause (or none) over a window that is a suffix. */
  private keeps(where: Where | undefined, windowMs: number): boolean {
    return (this.sorted || windowMs === Infinity) && (where === undefined || callOnlyClauses.has(where));
  }

  /** Throws the fault of the first call from `from` on whose `where` faulted, as evaluating the clause in order would. */
  private faultFrom(answers: Answers, from: number): void {
    const { faulted, faults } = answers;
    if (faulted[this.calls.length]! === faulted[from]!) return;
    let j = from;
    while (faulted[j + 1] === faulted[from]) j++;
    throw faults[j];
  }

  count(now: number, windowMs: number, where: Where | undefined): number {
    const from = this.first(now, windowMs);
    if (!where && (this.sorted || windowMs === Infinity)) return this.calls.length - from;
    if (this.keeps(where, windowMs)) {
      const answers = this.answered(where ?? null);
      this.faultFrom(answers, from);
      return answers.matched[this.calls.length]! - answers.matched[from]!;
    }
    let n = 0;
    for (let i = from; i < this.calls.length; i++) {
      const call = this.calls[i]!;
      if (inWindow(now, windowMs, call.time) && (!where || where(call))) n++;
    }
    return n;
  }

  sum(arg: string, now: number, windowMs: number, where: Where | undefined): number {
    const from = this.first(now, windowMs);
    if (this.keeps(where, windowMs)) {
      const answers = this.answered(where ?? null);
      this.faultFrom(answers, from);
      const totals = this.totals(answers, arg);
      if (totals) return totals[this.calls.length]! - totals[from]!;
    }
    let total = 0;
    for (let i = from; i < this.calls.length; i++) {
      const call = this.calls[i]!;
      if (!inWindow(now, windowMs, call.time) || (where && !where(call))) continue;
      total += amount(call, arg);
    }
    return total;
  }

  /**
   * Prefix totals of `arg` over the calls `answers` matched, brought up to date; `null` once a value is not a safe
   * integer or a total passes 2^52: only then is every partial sum of a window exact, so that a difference of two
   * totals is the sum added in order.
   */
  private totals(answers: Answers, arg: string): number[] | null {
    let totals = answers.totals.get(arg);
    if (totals === undefined) answers.totals.set(arg, (totals = [0]));
    if (totals === null) return null;
    const { matched } = answers;
    for (let j = totals.length - 1; j < this.calls.length; j++) {
      const v = matched[j + 1]! > matched[j]! ? amount(this.calls[j]!, arg) : 0;
      const next = totals[j]! + v;
      if (!Number.isSafeInteger(v) || Math.abs(next) > EXACT_TOTAL) {
        answers.totals.set(arg, null);
        return null;
      }
      totals.push(next);
    }
    return totals;
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
    this.tools.get(call.tool)?.changed(call);
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
