import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acceptsAll, disjoint, implies, stringTest, type Pattern, type StringOp } from "./string-patterns.js";

/** The pattern of `s OP literal`; fails the test when the operator gives an exact string. */
function p(op: StringOp, literal: string): Pattern {
  const test = stringTest(op, literal);
  if (test.kind !== "pattern") throw new Error(`${op} ${literal} is the exact string ${test.value}`);
  return test.pattern;
}

describe("stringTest", () => {
  it("reads globs as a prefix, a run and a suffix, or as one string", () => {
    expect(p("like", "/etc/**").shape).toEqual({ prefix: "/etc/", run: "any", suffix: "" });
    expect(p("like", "*.txt").shape).toEqual({ prefix: "", run: "no-slash", suffix: ".txt" });
    expect(p("like", "a/**/z").shape).toEqual({ prefix: "a/", run: "any", suffix: "/z" });
    expect(stringTest("like", "/etc/passwd")).toEqual({ kind: "exact", value: "/etc/passwd" });
    expect(p("like", "/home/*/.ssh/**").shape).toBeUndefined();
    expect(p("like", "a?").shape).toBeUndefined();
    expect(p("like", "***").shape).toBeUndefined();
  });

  it("reads anchored plain regular expressions, and nothing else", () => {
    expect(p("matches", "^/etc/").shape).toEqual({ prefix: "/etc/", run: "any", suffix: "" });
    expect(p("matches", "\\.txt$").shape).toBeUndefined();
    expect(p("matches", "txt$").shape).toEqual({ prefix: "", run: "any", suffix: "txt" });
    expect(stringTest("matches", "^ab$")).toEqual({ kind: "exact", value: "ab" });
    expect(p("matches", "etc").shape).toBeUndefined();
    expect(p("matches", "^a.c").shape).toBeUndefined();
    expect(p("matches", "^(a|b)").shape).toBeUndefined();
    expect(p("matches", "^\uD83D").shape).toBeUndefined();
  });

  it("tests strings exactly as evaluation does", () => {
    expect(p("like", "/etc/*").test("/etc/passwd")).toBe(true);
    expect(p("like", "/etc/*").test("/etc/ssh/key")).toBe(false);
    expect(p("matches", "[0-9]").test("a1")).toBe(true);
    expect(p("startsWith", "ab").test("abc")).toBe(true);
    expect(p("endsWith", "bc").test("ab")).toBe(false);
  });
});

describe("implies", () => {
  it("follows prefixes, suffixes and runs", () => {
    expect(implies(p("like", "/etc/**"), p("like", "/**"))).toBe(true);
    expect(implies(p("like", "/etc/**"), p("startsWith", "/etc"))).toBe(true);
    expect(implies(p("startsWith", "/etc/"), p("like", "/etc/**"))).toBe(true);
    expect(implies(p("like", "/etc/*.conf"), p("endsWith", ".conf"))).toBe(true);
    expect(implies(p("like", "/etc/*.conf"), p("like", "/etc/*"))).toBe(true);
    expect(implies(p("like", "/etc/a*"), p("like", "/etc/*"))).toBe(true);
    expect(implies(p("matches", "^/etc/"), p("startsWith", "/"))).toBe(true);
  });

  it("keeps `*` from crossing a `/`", () => {
    // `/etc/x` has a `/` after the first character, so `/*` does not match it.
    expect(implies(p("like", "/etc/*"), p("like", "/*"))).toBe(false);
    expect(implies(p("like", "/etc/**"), p("like", "/etc/*"))).toBe(false);
    expect(implies(p("like", "a/b*"), p("like", "a*"))).toBe(false);
    expect(implies(p("like", "*/x"), p("like", "*x"))).toBe(false);
  });

  it("says no to anything it cannot read, unless the two are the same test", () => {
    expect(implies(p("matches", "[0-9]"), p("matches", "[0-9]"))).toBe(true);
    expect(implies(p("matches", "[0-9]"), p("matches", "[0-9a]"))).toBe(false);
    expect(implies(p("like", "/a/?"), p("startsWith", "/a/"))).toBe(false);
    expect(implies(p("startsWith", "/a/"), p("like", "/a/?"))).toBe(false);
    expect(implies(p("matches", "[0-9]"), p("like", "**"))).toBe(true);
    expect(acceptsAll(p("startsWith", ""))).toBe(true);
    expect(acceptsAll(p("like", "*"))).toBe(false);
  });
});

describe("disjoint", () => {
  it("finds prefixes and suffixes that cannot both hold", () => {
    expect(disjoint(p("startsWith", "/etc/"), p("startsWith", "/tmp/"))).toBe(true);
    expect(disjoint(p("like", "*.txt"), p("endsWith", ".pdf"))).toBe(true);
    expect(disjoint(p("like", "/etc/*"), p("startsWith", "/etc/ssh/"))).toBe(true);
    // A string `*.txt` matches has no `/` at all.
    expect(disjoint(p("like", "*.txt"), p("like", "/a/**"))).toBe(true);
    expect(disjoint(p("like", "*.txt"), p("like", "a**"))).toBe(false);
    expect(disjoint(p("startsWith", "/etc"), p("startsWith", "/etc/ssh"))).toBe(false);
    // The `/` may sit in the suffix: `/etc/*/` matches `/etc/ssh/`.
    expect(disjoint(p("like", "/etc/*/"), p("startsWith", "/etc/ssh/"))).toBe(false);
    expect(disjoint(p("matches", "^a"), p("matches", "[0-9]"))).toBe(false);
  });

  it("never claims what some string refutes: every string of up to 5 of `a`, `/`, `.`", () => {
    const texts = [""];
    for (let n = 0; n < 5; n++) for (const t of texts.filter((x) => x.length === n)) texts.push(...["a", "/", "."].map((c) => t + c));
    const literal = fc.array(fc.constantFrom("a", "/", "."), { maxLength: 3 }).map((cs) => cs.join(""));
    const glob = fc.array(fc.constantFrom("a", "/", ".", "*", "**", "?"), { maxLength: 4 }).map((ts) => ts.join(""));
    const test = fc.oneof(
      glob.map((g) => stringTest("like", g)),
      literal.map((t) => stringTest("startsWith", t)),
      literal.map((t) => stringTest("endsWith", t)),
      fc.tuple(fc.boolean(), literal, fc.boolean()).map(([s, t, e]) => stringTest("matches", `${s ? "^" : ""}${t.replaceAll(".", "\\.")}${e ? "$" : ""}`)),
    );
    fc.assert(
      fc.property(test, test, (a, b) => {
        if (a.kind !== "pattern" || b.kind !== "pattern") return;
        const [pa, pb] = [a.pattern, b.pattern];
        if (disjoint(pa, pb))
          expect(
            texts.filter((t) => pa.test(t) && pb.test(t)),
            `${pa.key} and ${pb.key}`,
          ).toEqual([]);
        if (implies(pa, pb))
          expect(
            texts.filter((t) => pa.test(t) && !pb.test(t)),
            `${pa.key} implies ${pb.key}`,
          ).toEqual([]);
        if (acceptsAll(pb)) expect(texts.filter((t) => !pb.test(t))).toEqual([]);
      }),
      { numRuns: 20000 },
    );
  });
});
