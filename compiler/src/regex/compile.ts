// Compiles a `matches` pattern into the program the runtime's linear matcher runs, or says why it cannot.
import type { RegexProgram } from "@apol/runtime/ops";
import { parseRegex, Unsupported, type RegexNode } from "./parse.js";
import { word, type CodeSet } from "./sets.js";

/** The most NFA states a pattern may compile to: a match costs at most this many steps per code point of the text. */
export const MAX_REGEX_STATES = 1000;

/** Why a pattern cannot be compiled. */
export type RegexProblem =
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "unsupported" | "too-large"; readonly message: string; readonly help: string };

const cache = new Map<string, RegexProgram | RegexProblem>();
const CACHE_LIMIT = 1000;

/** The program for a pattern, or its problem; both are cached (the checker, the emitter and the reference evaluator ask for the same patterns). */
export function compileRegex(pattern: string): RegexProgram | RegexProblem {
  let result = cache.get(pattern);
  if (result === undefined) {
    result = compileUncached(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, result);
  }
  return result;
}

export function isRegexProblem(result: RegexProgram | RegexProblem): result is RegexProblem {
  return "kind" in result;
}

function compileUncached(pattern: string): RegexProgram | RegexProblem {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/\w*: /s, "") : String(error);
    return { kind: "invalid", message: message.charAt(0).toLowerCase() + message.slice(1) };
  }
  let tree: RegexNode;
  try {
    tree = parseRegex(pattern);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return { kind: error.tooLarge ? "too-large" : "unsupported", message: error.message, help: error.help };
  }
  const literal = literalOf(tree);
  if (literal) return literal;
  const size = sizeOf(tree);
  if (size > MAX_REGEX_STATES) {
    return {
      kind: "too-large",
      message: `it compiles to more than ${MAX_REGEX_STATES} states`,
      help: "lower the repetition counts (e.g. `{1,50}`), or bound the length with `len(s) <= N`",
    };
  }
  return new Builder(tree).program();
}

/**
 * Plain text with optional anchors, for the runtime's string fast paths. A lone
 * surrogate is left to the automaton: `/\uDE00/u` does not match inside `😀`.
 */
function literalOf(tree: RegexNode): RegexProgram | undefined {
  const items = tree.kind === "seq" ? [...tree.items] : [tree];
  const start = items[0]?.kind === "assert" && items[0].which === 0;
  if (start) items.shift();
  const last = items[items.length - 1];
  const end = last?.kind === "assert" && last.which === 1;
  if (end) items.pop();
  let literal = "";
  for (const item of items) {
    if (item.kind !== "set" || item.set.length !== 2 || item.set[0] !== item.set[1]) return undefined;
    const c = item.set[0] as number;
    if (c >= 0xd800 && c <= 0xdfff) return undefined;
    literal += String.fromCodePoint(c);
  }
  return { literal, start, end };
}

/** An upper bound of the states `Builder` makes for a node, saturating just above the limit (`{n,m}` bounds reach 2^53). */
function sizeOf(node: RegexNode): number {
  const cap = (n: number): number => Math.min(n, MAX_REGEX_STATES + 1);
  switch (node.kind) {
    case "set":
    case "assert":
      return 1;
    case "seq":
      return cap(node.items.reduce((total, item) => cap(total + sizeOf(item)), 0));
    case "alt":
      return cap(node.items.reduce((total, item) => cap(total + sizeOf(item)), node.items.length - 1));
    case "repeat": {
      const body = sizeOf(node.body);
      if (node.max === Infinity) return cap(Math.max(node.min, 1) * body + 1);
      return cap(node.min * body + (node.max - node.min) * (body + 1));
    }
  }
}

/**
 * Builds the NFA back to front: each node is compiled knowing the state it
 * continues at, and returns the state it starts at. Counted repetition is
 * expanded into copies, which `sizeOf` bounded before any was made.
 */
class Builder {
  private readonly states: number[][] = [];
  private readonly sets: (CodeSet | undefined)[] = [];
  private usesWords = false;

  constructor(private readonly tree: RegexNode) {}

  program(): RegexProgram {
    const match = this.add([0]);
    const start = this.node(this.tree, match);
    const bounds = this.alphabet();
    const classOf = (c: number): number => {
      let lo = 0;
      let hi = bounds.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((bounds[mid] as number) <= c) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    this.sets.forEach((set, id) => {
      if (!set) return;
      const state = this.states[id] as number[];
      for (let i = 0; i < set.length; i += 2) state.push(classOf(set[i] as number), classOf(set[i + 1] as number) + 1);
    });
    return { bounds, states: this.states, start, anchored: opensWithStartAnchor(this.tree) };
  }

  private add(state: number[], set?: CodeSet): number {
    this.states.push(state);
    this.sets.push(set);
    return this.states.length - 1;
  }

  private node(node: RegexNode, next: number): number {
    switch (node.kind) {
      case "set":
        return this.add([3, next], node.set);
      case "assert":
        if (node.which >= 2) this.usesWords = true;
        return this.add([2, node.which, next]);
      case "seq":
        return node.items.reduceRight((after, item) => this.node(item, after), next);
      case "alt":
        return node.items.map((item) => this.node(item, next)).reduceRight((rest, first) => this.add([1, first, rest]));
      case "repeat":
        return this.repeat(node.body, node.min, node.max, next);
    }
  }

  private repeat(body: RegexNode, min: number, max: number, next: number): number {
    let entry = next;
    let copies = min;
    if (max === Infinity) {
      // The loop state tries another round of the body or leaves; `x{n,}` is `x{n-1}` then `x+`.
      const loop = this.add([1, -1, next]);
      const round = this.node(body, loop);
      (this.states[loop] as number[])[1] = round;
      entry = min === 0 ? loop : round;
      copies = Math.max(min - 1, 0);
    } else {
      // `x{0,k}` is `(x(x(...)?)?)?`: each optional copy may stop early.
      for (let i = min; i < max; i++) entry = this.add([1, this.node(body, entry), next]);
    }
    for (let i = 0; i < copies; i++) entry = this.node(body, entry);
    return entry;
  }

  /** Class bounds: every point where some set starts or stops, and where `\w` does if a word assertion needs it. */
  private alphabet(): number[] {
    const points = new Set<number>();
    const sets = this.usesWords ? [...this.sets, word] : this.sets;
    for (const set of sets) {
      if (!set) continue;
      for (let i = 0; i < set.length; i += 2) {
        if ((set[i] as number) > 0) points.add(set[i] as number);
        points.add((set[i + 1] as number) + 1);
      }
    }
    points.delete(0x110000);
    return [...points].sort((a, b) => a - b);
  }
}

/** Whether every match must start at the beginning of the text: the pattern opens with `^`, outside any alternative. */
function opensWithStartAnchor(tree: RegexNode): boolean {
  const first = tree.kind === "seq" ? tree.items[0] : tree;
  return first?.kind === "assert" && first.which === 0;
}
