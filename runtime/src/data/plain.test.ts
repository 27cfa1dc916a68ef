import { describe, expect, it } from "vitest";
import { MAX_DEPTH, MAX_VALUES, NOT_DATA, plainCopy } from "./plain.js";

/** An array nested `depth` levels deep around `inner`. */
function nested(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("plainCopy", () => {
  it("copies plain data into fresh objects and arrays, keeping a `__proto__` key as data", () => {
    const given = JSON.parse('{"tool":"t","args":{"a":[1,"x",null,true,{"b":2}],"__proto__":{"c":3}}}') as Record<string, unknown>;
    const { value, problem } = plainCopy(given, "request");
    expect(problem).toBeUndefined();
    expect(value).toEqual(given);
    expect(value).not.toBe(given);
    const args = (value as { args: object }).args;
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(Object.hasOwn(args, "__proto__")).toBe(true);
  });

  it("copies own properties only, even from a polluted `Object.prototype`", () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      // A getter pollutes it while the copy is under way; then it was polluted all along.
      const polluting = {
        get a() {
          proto.polluted = { admin: true };
          return 1;
        },
        args: { to: "bob" },
      };
      for (const given of [polluting, { args: { to: "bob" } }]) {
        const { value } = plainCopy(given, "request");
        expect(Object.hasOwn(value as object, "polluted")).toBe(false);
        expect(Object.hasOwn((value as { args: object }).args, "polluted")).toBe(false);
      }
    } finally {
      delete proto.polluted;
    }
  });

  it("reads each property once: a getter or a Proxy cannot answer differently later", () => {
    let reads = 0;
    const args = {
      get to() {
        return ++reads === 1 ? "bob" : { startsWith: () => false };
      },
    };
    let gets = 0;
    const proxy = new Proxy({ n: 1 }, { get: () => ++gets });
    const { value, problem } = plainCopy({ args, proxy }, "request");
    expect(problem).toBeUndefined();
    expect(value).toEqual({ args: { to: "bob" }, proxy: { n: 1 } });
    expect([reads, gets]).toEqual([1, 1]);
  });

  it("names what is not data, and marks it in the copy so the log can still spell the rest", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const throwing = Object.defineProperty({ ok: 1 }, "bad", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const cases: [unknown, string, unknown][] = [
      [{ n: 10n }, "`r.n` is a bigint, which is not data", { n: "[not data: a bigint]" }],
      [{ f: () => 1 }, "`r.f` is a function, which is not data", { f: "[not data: a function]" }],
      [{ s: Symbol("x") }, "`r.s` is a symbol, which is not data", { s: "[not data: a symbol]" }],
      [cyclic, "`r.self` contains itself", { a: 1, self: NOT_DATA.cycle }],
      [{ list: [, , "a"] }, "`r.list[0]` is a hole: arrays must not be sparse", { list: [NOT_DATA.hole, NOT_DATA.hole, "a"] }],
      [{ x: throwing }, "`r.x` could not be read: boom", { x: NOT_DATA.unreadable }],
      [
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error("no keys");
            },
          },
        ),
        "`r` could not be read: no keys",
        NOT_DATA.unreadable,
      ],
    ];
    for (const [given, problem, copy] of cases) {
      const result = plainCopy(given, "r");
      expect(result.problem).toBe(problem);
      expect(result.value).toEqual(copy);
      expect(() => JSON.stringify(result.value)).not.toThrow();
    }
  });

  it("bounds nesting at MAX_DEPTH and marks where it cut, however deep the value", () => {
    expect(plainCopy(nested(MAX_DEPTH - 1), "r").problem).toBeUndefined();
    const deep = plainCopy({ a: nested(100_000) }, "r");
    expect(deep.problem).toBe(`\`r.a${"[0]".repeat(MAX_DEPTH - 1)}\` is nested deeper than ${MAX_DEPTH} levels`);
    expect(JSON.stringify(deep.value)).toBe(`{"a":${"[".repeat(MAX_DEPTH - 1)}${JSON.stringify(NOT_DATA.deep)}${"]".repeat(MAX_DEPTH - 1)}}`);
  });

  it("bounds the values it reads, so shared sub-objects cannot make it exponential", () => {
    let shared: unknown = 1;
    for (let i = 0; i < 40; i++) shared = { l: shared, r: shared };
    const { value, problem } = plainCopy(shared, "r");
    expect(problem).toMatch(new RegExp(`is part of a value with more than ${MAX_VALUES} values$`));
    expect(JSON.stringify(value)).toContain(NOT_DATA.large);
  });

  it("never throws, even for a getter that copies again or an error that cannot be printed", () => {
    const unprintable = Object.defineProperty({}, "x", {
      enumerable: true,
      get() {
        throw {
          toString: () => {
            throw new Error("no");
          },
        };
      },
    });
    expect(plainCopy(unprintable, "r").problem).toBe("`r` could not be read: an unprintable error");
    const reentrant = Object.defineProperty({ a: 1 }, "b", { enumerable: true, get: () => plainCopy({ c: 10n }, "inner").value });
    expect(plainCopy(reentrant, "r")).toEqual({ value: { a: 1, b: { c: "[not data: a bigint]" } } });
  });
});
