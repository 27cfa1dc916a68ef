// The `matches` matcher: runs a pattern the compiler turned into an automaton, in time linear in the input, without backtracking.
import { Fault } from "./fault.js";

/**
 * A `matches` pattern as the compiler emits it. Plain text (no lone surrogate)
 * with optional `^`/`$` anchors is `{ literal, start, end }`. Anything else is an
 * automaton over an alphabet of code point classes: code point `c` belongs to
 * class `k`, the number of `bounds` that are `<= c`. Each entry of `states` is
 * one NFA state:
 * - `[0]` accepts;
 * - `[1, a, b]` continues at both `a` and `b`;
 * - `[2, kind, next]` continues at `next` if the assertion holds: kind 0 `^`,
 *   1 `$`, 2 `\b`, 3 `\B` (word characters are ASCII `[A-Za-z0-9_]`);
 * - `[3, next, from0, to0, from1, to1, ...]` consumes one code point whose
 *   class is in one of the half-open class intervals, then continues at `next`.
 * `anchored` says every match starts at the beginning of the text (the pattern
 * opens with `^`), so no search restarts later.
 */
export type RegexProgram =
  | { readonly literal: string; readonly start: boolean; readonly end: boolean }
  | {
      readonly bounds: readonly number[];
      readonly states: readonly (readonly number[])[];
      readonly start: number;
      readonly anchored: boolean;
    };

/** A compiled `matches` pattern: `test` searches the text (it is not anchored unless the pattern is). */
export interface Regex {
  test(s: string): boolean;
}

/**
 * The matcher for a compiled pattern; the generated module calls this once per
 * pattern at module scope. A call to `test` costs O(n × m) for a text of n code
 * points and a program of m states, for any pattern (see `Automaton`).
 */
export function regex(program: RegexProgram): Regex {
  // INVARIANT (linear-match): every character advances a set of at most m states once, so a test costs at most (n + 1) × m steps.
  if ("literal" in program) return literalMatcher(program.literal, program.start, program.end);
  return new Automaton(program);
}

function text(s: unknown): string {
  if (typeof s !== "string") throw new Fault("`matches` needs a string");
  return s;
}

/** Plain text needs no automaton: a lone surrogate would be the only way to match inside a code point, and the compiler never sends one here. */
function literalMatcher(literal: string, start: boolean, end: boolean): Regex {
  if (start && end) return { test: (s) => text(s) === literal };
  if (start) return { test: (s) => text(s).startsWith(literal) };
  if (end) return { test: (s) => text(s).endsWith(literal) };
  return { test: (s) => text(s).includes(literal) };
}

const MATCH = 0;
const SPLIT = 1;
const ASSERT = 2;
const CHAR = 3;
const AT_START = 0;
const AT_END = 1;
const WORD_BOUNDARY = 2;

/** Transition table entries that are not a DFA state. */
const UNKNOWN = -1;
const ACCEPT = -2;
const DEAD = -3;

/** DFA state flags: the position is the start of the text; the code point before it is a word character. */
const START = 1;
const AFTER_WORD = 2;

/** Transition table cells, and NFA state ids across cached kernels, a pattern may hold at once (4 bytes each) before its cache is dropped and rebuilt. */
const CELL_BUDGET = 1 << 18;

function isWord(c: number): boolean {
  return c < 128 && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
}

/**
 * A lazily built DFA over the program's NFA. A DFA state is the set of NFA
 * states waiting to consume the next code point (the kernel) plus the flags
 * the assertions need. Reading a code point of class k from a DFA state
 * looks up a cached transition; on a miss it computes the closure of the kernel
 * (each NFA state visited at most once, so at most m visits) and steps it. So
 * each code point costs O(1) on a hit and O(m) on a miss (plus sorting the new
 * kernel to key the cache): O(n × m) per test whatever the pattern. The cache is
 * bounded (`CELL_BUDGET`, about 2 MB a pattern); when it fills during a test, the
 * rest of that test runs the plain NFA simulation (`simulate`), O(m) per code
 * point with nothing cached, so a DFA too large to cache costs no more than that.
 */
class Automaton implements Regex {
  /** NFA states visited while computing transitions, over this matcher's life: the work a test bounds. */
  steps = 0;
  /** The program flattened: per NFA state its op and two operands (see `RegexProgram`); a set's class intervals sit in `ranges` from offset `y`, after their count. */
  private readonly op: Int32Array;
  private readonly x: Int32Array;
  private readonly y: Int32Array;
  private readonly ranges: Int32Array;
  private readonly bounds: readonly number[];
  private readonly start: number;
  private readonly anchored: boolean;
  private readonly usesWords: boolean;
  private readonly classes: number;
  private readonly ascii: Int32Array;
  private readonly maxStates: number;
  // INVARIANT (one-visit): `seen[s] === generation` iff NFA state `s` was pushed in the closure being computed.
  private readonly seen: Int32Array;
  private readonly queued: Int32Array;
  private readonly stack: Int32Array;
  /** The kernel `closure` computed last, `out[0..count)`. */
  private readonly out: Int32Array;
  private generation = 0;
  private ids = new Map<string, number>();
  private kernels: Int32Array[] = [];
  private kernelCells = 0;
  private flags: number[] = [];
  /** Row `state` (`classes` cells from `state * classes`) holds that DFA state's moves; grown by doubling. */
  private table: Int32Array;
  private endAccepts: number[] = [];
  private initial = UNKNOWN;
  /** Counts cache drops, so a move computed before one is not stored after it. */
  private epoch = 0;

  constructor(program: Exclude<RegexProgram, { literal: string }>) {
    const m = program.states.length;
    this.op = new Int32Array(m);
    this.x = new Int32Array(m);
    this.y = new Int32Array(m);
    const ranges: number[] = [];
    program.states.forEach((state, i) => {
      this.op[i] = state[0] ?? MATCH;
      this.x[i] = state[1] ?? 0;
      if (this.op[i] !== CHAR) this.y[i] = state[2] ?? 0;
      else {
        this.y[i] = ranges.length;
        ranges.push((state.length - 2) >> 1, ...state.slice(2));
      }
    });
    this.ranges = Int32Array.from(ranges);
    this.bounds = program.bounds;
    this.start = program.start;
    this.anchored = program.anchored;
    this.usesWords = program.states.some((s) => s[0] === ASSERT && (s[1] ?? 0) >= WORD_BOUNDARY);
    this.classes = program.bounds.length + 1;
    this.ascii = new Int32Array(128);
    for (let c = 0; c < 128; c++) this.ascii[c] = this.classOf(c);
    this.maxStates = Math.max(8, Math.floor(CELL_BUDGET / this.classes));
    this.table = new Int32Array(Math.min(this.maxStates, 16) * this.classes).fill(UNKNOWN);
    this.seen = new Int32Array(m);
    this.queued = new Int32Array(m);
    this.stack = new Int32Array(m);
    this.out = new Int32Array(m);
  }

  test(input: string): boolean {
    const s = text(input);
    const classes = this.classes;
    const ascii = this.ascii;
    let table = this.table;
    let row = this.initialState() * classes;
    const n = s.length;
    for (let i = 0; i < n; ) {
      const c = s.codePointAt(i) as number;
      i += c > 0xffff ? 2 : 1;
      const k = c < 128 ? (ascii[c] as number) : this.classOf(c);
      let next = table[row + k] as number;
      if (next === UNKNOWN) {
        const epoch = this.epoch;
        next = this.transition(row / classes, k, c);
        // The cache filled up during this test: the text makes new DFA states faster than they pay off.
        if (this.epoch !== epoch && next >= 0) return this.simulate(s, i, this.kernels[next] as Int32Array, this.flags[next] as number);
        table = this.table;
      }
      if (next < 0) return next === ACCEPT;
      row = next * classes;
    }
    return this.acceptsAtEnd(row / classes);
  }

  /** The class of code point `c`: how many bounds are `<= c`. */
  private classOf(c: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.bounds[mid] as number) <= c) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private initialState(): number {
    if (this.initial === UNKNOWN) this.initial = this.stateFor(new Int32Array(0), START);
    return this.initial;
  }

  /** The DFA state for a sorted kernel and flags, made if new; a full cache is dropped first. */
  private stateFor(kernel: Int32Array, flags: number): number {
    const key = `${flags}:${kernel.join(",")}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.kernels.length >= this.maxStates || this.kernelCells + kernel.length > CELL_BUDGET) {
      this.ids = new Map();
      this.kernels = [];
      this.kernelCells = 0;
      this.flags = [];
      this.table.fill(UNKNOWN);
      this.endAccepts = [];
      this.initial = UNKNOWN;
      this.epoch++;
    }
    const id = this.kernels.length;
    if ((id + 1) * this.classes > this.table.length) {
      const grown = new Int32Array(Math.min(this.maxStates, 2 * (id + 1)) * this.classes).fill(UNKNOWN);
      grown.set(this.table);
      this.table = grown;
    }
    this.ids.set(key, id);
    this.kernels.push(kernel);
    this.kernelCells += kernel.length;
    this.flags.push(flags);
    this.endAccepts.push(UNKNOWN);
    return id;
  }

  /** Computes and caches the move from `state` on code point `c` of class `k`. */
  private transition(state: number, k: number, c: number): number {
    const word = this.usesWords && isWord(c);
    const kernel = this.kernels[state] as Int32Array;
    const count = this.closure(kernel, kernel.length, this.flags[state] as number, false, word, k);
    const outcome = count < 0 ? ACCEPT : count === 0 && this.anchored ? DEAD : UNKNOWN;
    if (outcome !== UNKNOWN) {
      this.table[state * this.classes + k] = outcome;
      return outcome;
    }
    const epoch = this.epoch;
    const next = this.stateFor(this.out.slice(0, count).sort(), word ? AFTER_WORD : 0);
    // A dropped cache took `state` with it: only remember the move in the cache it was computed for.
    if (this.epoch === epoch) this.table[state * this.classes + k] = next;
    return next;
  }

  private acceptsAtEnd(state: number): boolean {
    let known = this.endAccepts[state] as number;
    if (known === UNKNOWN) {
      const kernel = this.kernels[state] as Int32Array;
      known = this.closure(kernel, kernel.length, this.flags[state] as number, true, false, -1) < 0 ? 1 : 0;
      this.endAccepts[state] = known;
    }
    return known === 1;
  }

  /**
   * The rest of a test from position `i` without the cache: the NFA simulation the
   * DFA memoises, at most m visits per code point and nothing kept between them.
   */
  private simulate(s: string, i: number, start: Int32Array, startFlags: number): boolean {
    const kernel = new Int32Array(this.out.length);
    kernel.set(start);
    let length = start.length;
    let flags = startFlags;
    const n = s.length;
    while (i < n) {
      const c = s.codePointAt(i) as number;
      i += c > 0xffff ? 2 : 1;
      const word = this.usesWords && isWord(c);
      const count = this.closure(kernel, length, flags, false, word, c < 128 ? (this.ascii[c] as number) : this.classOf(c));
      if (count < 0) return true;
      if (count === 0 && this.anchored) return false;
      kernel.set(this.out.subarray(0, count));
      length = count;
      flags = word ? AFTER_WORD : 0;
    }
    return this.closure(kernel, length, flags, true, false, -1) < 0;
  }

  /**
   * Follows every non-consuming move from `kernel[0..length)` (plus the start,
   * where a match may begin) at a position with the given context, then steps
   * each consuming state on class `k` into `out`. Returns how many states `out`
   * holds, or -1 when the accepting state is reached (a match ends here).
   */
  private closure(kernel: Int32Array, length: number, flags: number, atEnd: boolean, nextWord: boolean, k: number): number {
    const generation = ++this.generation;
    const { seen, queued, stack, out, op, x, y, ranges } = this;
    // A state is marked when pushed, so the stack never holds more than m states.
    let top = 0;
    for (let j = 0; j <= length; j++) {
      const s = j < length ? (kernel[j] as number) : !this.anchored || (flags & START) !== 0 ? this.start : -1;
      if (s >= 0 && seen[s] !== generation) {
        seen[s] = generation;
        stack[top++] = s;
      }
    }
    let count = 0;
    let visits = 0;
    const afterWord = (flags & AFTER_WORD) !== 0;
    while (top > 0) {
      const s = stack[--top] as number;
      visits++;
      let follow = -1;
      let also = -1;
      switch (op[s]) {
        case MATCH:
          this.steps += visits;
          return -1;
        case SPLIT:
          follow = x[s] as number;
          also = y[s] as number;
          break;
        case ASSERT: {
          const kind = x[s] as number;
          const holds = kind === AT_START ? (flags & START) !== 0 : kind === AT_END ? atEnd : (afterWord !== nextWord) === (kind === WORD_BOUNDARY);
          if (holds) follow = y[s] as number;
          break;
        }
        default: {
          const next = x[s] as number;
          const at = y[s] as number;
          if (k < 0 || queued[next] === generation) break;
          // Most sets are one interval of classes; `\p{...}` sets are searched.
          if (ranges[at] === 1 ? k < (ranges[at + 1] as number) || k >= (ranges[at + 2] as number) : !inIntervals(ranges, at, k)) break;
          queued[next] = generation;
          out[count++] = next;
        }
      }
      if (follow >= 0 && seen[follow] !== generation) {
        seen[follow] = generation;
        stack[top++] = follow;
      }
      if (also >= 0 && seen[also] !== generation) {
        seen[also] = generation;
        stack[top++] = also;
      }
    }
    this.steps += visits;
    return count;
  }
}

/** Whether class `k` lies in the sorted half-open intervals stored at `ranges[at]` (their count, then the pairs): a binary search. */
function inIntervals(ranges: Int32Array, at: number, k: number): boolean {
  let lo = 0;
  let hi = ranges[at] as number;
  const base = at + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (k < (ranges[base + 2 * mid] as number)) hi = mid;
    else if (k >= (ranges[base + 2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}
