// The `like` matcher: a glob compiled once into tokens and run as an automaton over a set of active states, linear in the input.
import { Fault } from "./fault.js";

/** Token codes; every other token is the UTF-16 code unit it matches literally. */
const ONE = -1; // `?`: one code unit that is not `/`
const SEGMENT = -2; // `*`: any run of code units without `/`
const ANY = -3; // `**`: any run of code units
const STAR = 42;
const QUESTION = 63;
const SLASH = 47;

/**
 * Compiles a glob into a whole-string matcher; the generated module calls this
 * once per pattern at module scope. `glob("/tmp/*.txt")` matches `/tmp/a.txt`
 * but not `/tmp/a/b.txt`; `glob("/tmp/**")` matches both.
 *
 * The matcher is a Thompson simulation: state `i` means "the first `i` tokens
 * have matched". Each input code unit moves every active state at most once,
 * and a state is active at most once per step, so a match costs
 * O(input length × pattern length) without backtracking, for any pattern.
 */
export function glob(pattern: string): (s: string) => boolean {
  const tokens: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c !== STAR) tokens.push(c === QUESTION ? ONE : c);
    else if (pattern.charCodeAt(i + 1) !== STAR) tokens.push(SEGMENT);
    else {
      tokens.push(ANY);
      i++;
    }
  }
  const end = tokens.length;
  // INVARIANT (one-visit): `added[state] === step` iff the state is already in the set built for this step.
  const added = new Array<number>(end + 1).fill(0);
  let step = 0;

  /** Adds `state` to `into` with the states after it that stars let it skip to (a star may match nothing). */
  const enter = (into: number[], state: number): void => {
    for (; added[state] !== step; state++) {
      added[state] = step;
      into.push(state);
      if (tokens[state] !== SEGMENT && tokens[state] !== ANY) return;
    }
  };

  return (s) => {
    if (typeof s !== "string") throw new Fault("`like` needs a string");
    step++;
    let active: number[] = [];
    enter(active, 0);
    for (let i = 0; i < s.length && active.length > 0; i++) {
      const c = s.charCodeAt(i);
      const next: number[] = [];
      step++;
      for (const state of active) {
        const token = tokens[state];
        if (token === ANY || (token === SEGMENT && c !== SLASH)) enter(next, state);
        else if (token === c || (token === ONE && c !== SLASH)) enter(next, state + 1);
      }
      active = next;
    }
    return active.includes(end);
  };
}
