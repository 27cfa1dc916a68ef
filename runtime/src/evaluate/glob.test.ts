import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Fault } from "./fault.js";
import { glob } from "./glob.js";

/** The spec read literally: try every split for the stars (exponential, fine for short inputs). */
function naive(p: string, s: string): boolean {
  if (p === "") return s === "";
  if (p.startsWith("**")) return [...Array(s.length + 1).keys()].some((i) => naive(p.slice(2), s.slice(i)));
  if (p[0] === "*") {
    for (let i = 0; i <= s.length; i++) {
      if (naive(p.slice(1), s.slice(i))) return true;
      if (s[i] === "/") return false;
    }
    return false;
  }
  if (s === "") return false;
  if (p[0] === "?") return s[0] !== "/" && naive(p.slice(1), s.slice(1));
  return p[0] === s[0] && naive(p.slice(1), s.slice(1));
}

const like = (pattern: string, s: string): boolean => glob(pattern)(s);

describe("glob", () => {
  it("matches whole strings, case-sensitively", () => {
    expect(like("abc", "abc")).toBe(true);
    expect(like("abc", "abcd")).toBe(false);
    expect(like("abc", "xabc")).toBe(false);
    expect(like("abc", "ABC")).toBe(false);
    expect(like("", "")).toBe(true);
    expect(like("", "a")).toBe(false);
  });

  it("keeps `*` and `?` within a segment", () => {
    expect(like("/tmp/*.txt", "/tmp/a.txt")).toBe(true);
    expect(like("/tmp/*.txt", "/tmp/.txt")).toBe(true);
    expect(like("/tmp/*.txt", "/tmp/a/b.txt")).toBe(false);
    expect(like("/tmp/?", "/tmp/a")).toBe(true);
    expect(like("/tmp/?", "/tmp/")).toBe(false);
    expect(like("a?b", "a/b")).toBe(false);
    expect(like("*", "")).toBe(true);
    expect(like("*", "/")).toBe(false);
  });

  it("lets `**` cross segments", () => {
    expect(like("/tmp/**", "/tmp/a/b.txt")).toBe(true);
    expect(like("/tmp/**", "/tmp/")).toBe(true);
    expect(like("/tmp/**", "/tmp")).toBe(false);
    expect(like("**.txt", "/a/b/c.txt")).toBe(true);
    expect(like("/internal/**/key", "/internal/key")).toBe(false);
    expect(like("/internal/**/key", "/internal/a/b/key")).toBe(true);
    expect(like("***", "a/b")).toBe(true);
  });

  it("treats every other character literally", () => {
    expect(like("a.b", "a.b")).toBe(true);
    expect(like("a.b", "axb")).toBe(false);
    expect(like("[ab]", "[ab]")).toBe(true);
    expect(like("[ab]", "a")).toBe(false);
    expect(like("\\*", "\\x")).toBe(true);
  });

  it("counts `?` in UTF-16 code units", () => {
    expect(like("?", "é")).toBe(true);
    expect(like("?", "😀")).toBe(false);
    expect(like("??", "😀")).toBe(true);
  });

  it("faults on a value that is not a string", () => {
    const m = glob("*");
    expect(() => m(5 as unknown as string)).toThrow(Fault);
  });

  it("can be reused: each call starts afresh", () => {
    const m = glob("a*b");
    expect([m("ab"), m("a"), m("axxb"), m("b"), m("a/b"), m("ab")]).toEqual([true, false, true, false, false, true]);
  });

  it("agrees with the naive recursive matcher", () => {
    const alphabet = fc.constantFrom("a", "b", "/", "*", "?");
    const text = (maxLength: number) => fc.string({ unit: alphabet, maxLength });
    fc.assert(
      fc.property(text(8), text(10), (p, s) => like(p, s) === naive(p, s)),
      { numRuns: 5000 },
    );
    // Inputs derived from the pattern, so that matches are frequent too.
    const derived = text(8).chain((p) => fc.tuple(fc.constant(p), fc.constant(p.replaceAll("?", "a").replaceAll("*", "")), text(3)));
    fc.assert(
      fc.property(derived, ([p, s, extra]) => like(p, s + extra) === naive(p, s + extra) && like(p, s) === naive(p, s)),
      { numRuns: 2000 },
    );
  });

  it("stays linear where a backtracking matcher explodes", () => {
    // A backtracking matcher tries about n^6 splits of 100,000 characters here; the automaton does at most 14 moves per character.
    const input = "a".repeat(100_000);
    expect(like("*a*a*a*a*a*a*b", input)).toBe(false);
    expect(like("**a**a**a**a**a**a**b", input)).toBe(false);
    expect(like("*a*a*a*a*a*a*b", `${input}b`)).toBe(true);
    expect(like("?".repeat(50) + "**", input)).toBe(true);
  });
});
