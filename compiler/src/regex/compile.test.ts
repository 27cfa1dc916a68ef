import { describe, expect, it } from "vitest";
import { regex, type RegexProgram } from "@apol/runtime/ops";
import { compileRegex, isRegexProblem, MAX_REGEX_STATES } from "./compile.js";

function program(pattern: string): RegexProgram {
  const result = compileRegex(pattern);
  if (isRegexProblem(result)) throw new Error(result.message);
  return result;
}

/** A fresh matcher's work counter: NFA states visited while building its DFA. */
function run(pattern: string, text: string): { matched: boolean; steps: number; states: number } {
  const compiled = program(pattern);
  const matcher = regex(compiled) as ReturnType<typeof regex> & { steps: number };
  const matched = matcher.test(text);
  return { matched, steps: matcher.steps, states: "states" in compiled ? compiled.states.length : 0 };
}

const size = 100_000;

/** A fixed pseudo-random text over `alphabet` (xorshift32). */
function randomText(length: number, alphabet: readonly string[]): string {
  let x = 2463534242;
  return Array.from({ length }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return alphabet[(x >>> 0) % alphabet.length] as string;
  }).join("");
}

/** The patterns, each with a hostile text of `size` code points and what `RegExp` would answer (it takes minutes to say). */
const pathological: [string, string, boolean][] = [
  ["^(a+){30}$", `${"a".repeat(size - 1)}!`, false],
  ["a*a*a*a*a*a*a*b", "a".repeat(size), false],
  ["^(a|a){40}$", `${"a".repeat(size - 1)}!`, false],
  ["^(a+){1,10}$", `${"a".repeat(size - 1)}!`, false],
  ["^((a|aa))*$", `${"a".repeat(size - 1)}!`, false],
  ["^(.*?,){11}P$", `${",".repeat(size - 1)}Q`, false],
  ["\\s+$", `${" ".repeat(size - 1)}x`, false],
  ["(x+x+)+y", "x".repeat(size), false],
  ["^(\\w*\\s?)*$", `${"ab ".repeat(size / 4)}!`, false],
  ["(a|b)*a(a|b){12}", "ab".repeat(size / 2), true],
];

describe("the linear matcher", () => {
  it.each(pathological)("decides %s on a hostile 100 KB text in at most (n + 1) × m steps", (pattern, text, expected) => {
    const { matched, steps, states } = run(pattern, text);
    expect(matched).toBe(expected);
    // Each code point moves the DFA once; a transition not yet cached visits each NFA state at most once.
    expect(steps).toBeLessThanOrEqual((text.length + 1) * states);
    // And the DFA settles: almost every step is a cached lookup, far below the bound.
    expect(steps).toBeLessThan(100 * states * states);
  });

  it("searches unanchored in Unicode mode, code point by code point", () => {
    expect(run("b+", "abbc").matched).toBe(true);
    expect(run("^b", "abc").matched).toBe(false);
    expect(run("^.$", "😀").matched).toBe(true);
    expect(run("^\\uD83D", "😀").matched).toBe(false);
    expect(run("\\uDE00", "😀").matched).toBe(false);
    expect(run("\\p{Lu}", "aB").matched).toBe(true);
    expect(run("^[^a]$", "\uD83D").matched).toBe(true);
    // No match starts inside a surrogate pair (ECMAScript's search; V8's `RegExp` tries one there for `\B`).
    expect(run("\\B", "a😁a").matched).toBe(false);
  });

  it("stays within (n + 1) × m steps on a pattern whose DFA cannot be cached, finishing by plain NFA simulation", () => {
    // 2^60 DFA states, and a random text visits new ones at every step: the cache fills and drops within the test.
    const text = randomText(size, ["a", "b"]);
    const { matched, steps, states } = run("[ab]*a[ab]{60}$", text);
    expect(matched).toBe(text.charAt(size - 61) === "a");
    expect(steps).toBeLessThanOrEqual((text.length + 1) * states);
  });

  it("keeps working when its DFA cache fills and is dropped", () => {
    // 2^12 DFA states at least, each a row of classes: more than the cache holds for a wide alphabet.
    const wide = "(\\p{L}|\\d)*\\p{Lu}(\\p{L}|\\d){12}$";
    const text = randomText(20_000, ["a", "B", "1", "é"]);
    const { matched, steps, states } = run(wide, text);
    // Every character is a letter or digit: it matches iff the 13th from the end is upper-case (RegExp takes seconds to say).
    expect(matched).toBe(text.charAt(text.length - 13) === "B");
    expect(steps).toBeLessThanOrEqual((text.length + 1) * states);
  });

  it("refuses a non-string where a string is required", () => {
    expect(() => regex(program("a|b")).test(5 as unknown as string)).toThrow("`matches` needs a string");
  });
});

describe("compileRegex", () => {
  it("turns plain text with anchors into a literal, and a lone surrogate into an automaton", () => {
    expect(program("^git status$")).toEqual({ literal: "git status", start: true, end: true });
    expect(program("a\\.b")).toEqual({ literal: "a.b", start: false, end: false });
    expect(program("\\uDE00")).toHaveProperty("states");
  });

  it("refuses backreferences and lookaround, which no linear matcher runs", () => {
    for (const pattern of ["(a)\\1", "(?<x>b)\\k<x>", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b"]) {
      expect(compileRegex(pattern), pattern).toMatchObject({ kind: "unsupported" });
    }
  });

  it("refuses a pattern whose automaton would pass the state limit, before building it", () => {
    expect(compileRegex("(a{100}){100}")).toMatchObject({ kind: "too-large", message: `it compiles to more than ${MAX_REGEX_STATES} states` });
    expect(compileRegex("a{9007199254740991}")).toMatchObject({ kind: "too-large" });
    expect(compileRegex(`${"(".repeat(101)}a${")".repeat(101)}`)).toMatchObject({ kind: "too-large", message: "its groups nest more than 100 deep" });
    expect(compileRegex("[a-z]{1,255}")).not.toHaveProperty("kind");
  });

  it("reports invalid syntax with JavaScript's message", () => {
    expect(compileRegex("[z-a]")).toEqual({ kind: "invalid", message: "range out of order in character class" });
  });
});
