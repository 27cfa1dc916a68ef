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

/** Transition table cells a pattern may hold at once (4 bytes each) before the cache is dropped and rebuilt. */
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
 * each code point costs O(1) on a hit and O(m) on a miss: O(n × m) per test
 * whatever the pattern. The cache is bounded (`CELL_BUDGET`) and dropped when
 * full, which keeps memory bounded without changing that cost.
 */
class Automaton implements Regex {
  /** NFA states visited while computing transitions, over this matcher's life: the work a test bounds. */
  steps = 0;
  private readonly states: readonly (readonly number[])[];
  private readonly bounds: readonly number[];
  private readonly start: number;
  private readonly anchored: boolean;
  private readonly usesWords: boolean;
  private readonly classes: number;
  private readonly ascii: Int32Array;
  private readonly maxStates: number;
  // INVARIANT (one-visit): `seen[s] === generation` iff NFA state `s` was reached in the closure being computed.
  private readonly seen: Int32Array;
  private readonly queued: Int32Array;
  private generation = 0;
  private ids = new Map<string, number>();
  private kernels: Int32Array[] = [];
  private flags: number[] = [];
  /** Row `state` (`classes` cells from `state * classes`) holds that DFA state's moves; grown by doubling. */
  private table: Int32Array;
  private endAccepts: number[] = [];
  private initial = UNKNOWN;
  /** Counts cache drops, so a move computed before one is not stored after it. */
  private epoch = 0;

  constructor(program: Exclude<RegexProgram, { literal: string }>) {
    this.states = program.states;
    this.bounds = program.bounds;
    this.start = program.start;
    this.anchored = program.anchored;
    this.usesWords = program.states.some((s) => s[0] === ASSERT && (s[1] ?? 0) >= WORD_BOUNDARY);
    this.classes = program.bounds.length + 1;
    this.ascii = new Int32Array(128);
    for (let c = 0; c < 128; c++) this.ascii[c] = this.classOf(c);
    this.maxStates = Math.max(8, Math.floor(CELL_BUDGET / this.classes));
    this.table = new Int32Array(Math.min(this.maxStates, 16) * this.classes).fill(UNKNOWN);
    this.seen = new Int32Array(program.states.length);
    this.queued = new Int32Array(program.states.length);
  }

  test(input: string): boolean {
    const s = text(input);
    const classes = this.classes;
    const ascii = this.ascii;
    let table = this.table;
    let row = this.initialState() * classes;
    const n = s.length;
    for (let i = 0; i < n; ) {
      let c = s.charCodeAt(i++);
      if (c >= 0xd800 && c <= 0xdbff && i < n) {
        const low = s.charCodeAt(i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      const k = c < 128 ? (ascii[c] as number) : this.classOf(c);
      let next = table[row + k] as number;
      if (next === UNKNOWN) {
        next = this.transition(row / classes, k, c);
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
    if (this.initial === UNKNOWN) this.initial = this.stateFor([], START);
    return this.initial;
  }

  /** The DFA state for a kernel and flags, made if new; a full cache is dropped first. */
  private stateFor(kernel: number[], flags: number): number {
    const key = `${flags}:${kernel.join(",")}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.kernels.length >= this.maxStates) {
      this.ids = new Map();
      this.kernels = [];
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
    this.kernels.push(Int32Array.from(kernel));
    this.flags.push(flags);
    this.endAccepts.push(UNKNOWN);
    return id;
  }

  /** Computes and caches the move from `state` on code point `c` of class `k`. */
  private transition(state: number, k: number, c: number): number {
    const flags = this.flags[state] as number;
    const word = this.usesWords && isWord(c);
    const kernel = this.closure(state, flags, false, word, k);
    if (kernel === undefined) return this.remember(state, k, ACCEPT);
    if (kernel.length === 0 && this.anchored) return this.remember(state, k, DEAD);
    const epoch = this.epoch;
    const next = this.stateFor(kernel, word ? AFTER_WORD : 0);
    // A dropped cache took `state` with it: only remember the move in the cache it was computed for.
    if (this.epoch === epoch) this.table[state * this.classes + k] = next;
    return next;
  }

  private remember(state: number, k: number, outcome: number): number {
    this.table[state * this.classes + k] = outcome;
    return outcome;
  }

  private acceptsAtEnd(state: number): boolean {
    let known = this.endAccepts[state] as number;
    if (known === UNKNOWN) {
      known = this.closure(state, this.flags[state] as number, true, false, -1) === undefined ? 1 : 0;
      this.endAccepts[state] = known;
    }
    return known === 1;
  }

  /**
   * Follows every non-consuming move from the state's kernel (plus the start,
   * where a match may begin) at a position with the given context, then steps
   * each consuming state on class `k`. Returns the kernel after the step, or
   * undefined when the accepting state is reached (a match ends here).
   */
  private closure(state: number, flags: number, atEnd: boolean, nextWord: boolean, k: number): number[] | undefined {
    const generation = ++this.generation;
    const seen = this.seen;
    const queued = this.queued;
    const stack: number[] = Array.from(this.kernels[state] as Int32Array);
    if (!this.anchored || (flags & START) !== 0) stack.push(this.start);
    const out: number[] = [];
    const afterWord = (flags & AFTER_WORD) !== 0;
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (seen[s] === generation) continue;
      seen[s] = generation;
      this.steps++;
      const op = this.states[s] as readonly number[];
      switch (op[0]) {
        case MATCH:
          return undefined;
        case SPLIT:
          stack.push(op[2] as number, op[1] as number);
          break;
        case ASSERT: {
          const kind = op[1] as number;
          const holds =
            kind === AT_START ? (flags & START) !== 0 : kind === AT_END ? atEnd : (afterWord !== nextWord) === (kind === WORD_BOUNDARY);
          if (holds) stack.push(op[2] as number);
          break;
        }
        default: {
          const next = op[1] as number;
          if (k < 0 || queued[next] === generation) break;
          for (let j = 2; j < op.length; j += 2) {
            if (k >= (op[j] as number) && k < (op[j + 1] as number)) {
              queued[next] = generation;
              out.push(next);
              break;
            }
          }
        }
      }
    }
    return out.sort((a, b) => a - b);
  }
}
