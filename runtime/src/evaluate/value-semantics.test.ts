import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { SchemaType } from "../contract.js";
import { Fault } from "./fault.js";
import { conform, contains, eq, field, includes, isRecord, present, typed } from "./value-semantics.js";

describe("isRecord", () => {
  it("accepts objects that are neither null nor arrays", () => {
    expect([{}, Object.create(null), new Date(0)].map(isRecord)).toEqual([true, true, true]);
    expect([null, [], "x", 1, undefined, true].map(isRecord)).toEqual([false, false, false, false, false, false]);
  });
});

describe("field", () => {
  it("reads an own property", () => {
    expect(field({ a: 1 }, "a")).toBe(1);
    expect(field({ a: 0 }, "a")).toBe(0);
  });

  it("faults on absent, undefined, null, inherited or non-object steps", () => {
    expect(() => field({ a: null }, "a")).toThrow(new Fault("no field `a`"));
    expect(() => field({}, "a")).toThrow(Fault);
    expect(() => field({ a: undefined }, "a")).toThrow(new Fault("no field `a`"));
    expect(() => field({}, "constructor")).toThrow(Fault);
    expect(() => field({}, "toString")).toThrow(Fault);
    expect(() => field(null, "a")).toThrow(Fault);
    expect(() => field([1], "0")).toThrow(Fault);
    expect(() => field("abc", "length")).toThrow(Fault);
  });

  it("reads an own `__proto__` key as data", () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(field(value, "__proto__")).toEqual({ x: 1 });
    expect(() => field({}, "__proto__")).toThrow(Fault);
  });
});

describe("present", () => {
  it("walks own properties holding values, null being absence", () => {
    expect(present({ a: { b: 0 } }, ["a", "b"])).toBe(true);
    expect(present({ a: { b: false } }, ["a", "b"])).toBe(true);
    expect(present({ a: { b: null } }, ["a", "b"])).toBe(false);
    expect(present({ a: null }, ["a"])).toBe(false);
    expect(present({ a: { b: 0 } }, ["a", "c"])).toBe(false);
    expect(present({ a: undefined }, ["a"])).toBe(false);
    expect(present({ a: 1 }, ["a", "b"])).toBe(false);
    expect(present({ a: [5] }, ["a", "0"])).toBe(false);
    expect(present({}, ["constructor"])).toBe(false);
    expect(present(null, ["a"])).toBe(false);
    expect(present({}, [])).toBe(true);
  });

  it("never throws", () => {
    fc.assert(fc.property(fc.anything(), fc.array(fc.string()), (v, keys) => typeof present(v, keys) === "boolean"));
  });
});

describe("conform", () => {
  const status: SchemaType = { enum: ["open", "closed"], name: "Status" };
  const record: SchemaType = { record: { a: { type: "string", optional: false }, b: { type: "number", optional: true } } };

  it("checks scalars", () => {
    expect([conform("x", "string"), conform(1, "string")]).toEqual([true, false]);
    expect([conform(1.5, "number"), conform(Infinity, "number"), conform(NaN, "number"), conform("1", "number")]).toEqual([true, false, false, false]);
    expect([conform(3, "int"), conform(3.5, "int"), conform(-0, "int")]).toEqual([true, false, true]);
    expect([conform(false, "bool"), conform(0, "bool")]).toEqual([true, false]);
    expect([conform("open", status), conform("OPEN", status), conform(0, status)]).toEqual([true, false, false]);
  });

  it("rejects null except for json", () => {
    for (const type of ["string", "number", "int", "bool", status, { list: "json" }, record] as const) expect(conform(null, type)).toBe(false);
    expect(conform(null, "json")).toBe(true);
    expect(conform({ any: [null] }, "json")).toBe(true);
  });

  it("checks lists element by element", () => {
    expect(conform([], { list: "int" })).toBe(true);
    expect(conform([1, 2], { list: "int" })).toBe(true);
    expect(conform([1, 2.5], { list: "int" })).toBe(false);
    expect(conform({ 0: 1, length: 1 }, { list: "int" })).toBe(false);
    expect(conform([["a"], []], { list: { list: "string" } })).toBe(true);
  });

  it("rejects a sparse list, as it rejects `[undefined]`, whatever the element type", () => {
    for (const type of ["string", "json"] as const) expect([conform([, , "a"], { list: type }), conform(new Array(2), { list: type })]).toEqual([false, false]);
    expect(conform([undefined], { list: "string" })).toBe(false);
    expect(conform({ tags: ["a", , "b"] }, { record: { tags: { type: { list: "string" }, optional: false } } })).toBe(false);
  });

  it("checks records: required keys present, no unknown keys, present keys conform", () => {
    expect(conform({ a: "x" }, record)).toBe(true);
    expect(conform({ a: "x", b: 2 }, record)).toBe(true);
    expect(conform({ a: "x", b: undefined }, record)).toBe(true);
    expect(conform({ b: 2 }, record)).toBe(false);
    expect(conform({ a: undefined }, record)).toBe(false);
    // `null` is absence: an optional field given null is left out, a required one is missing.
    expect(conform({ a: "x", b: null }, record)).toBe(true);
    expect(conform({ a: null, b: 2 }, record)).toBe(false);
    expect(conform({ a: "x", c: 1 }, record)).toBe(false);
    expect(conform({ a: "x", b: "2" }, record)).toBe(false);
    expect(conform([], record)).toBe(false);
    expect(conform(JSON.parse('{"a": "x", "__proto__": 1}'), record)).toBe(false);
    expect(conform({ a: "x" }, { record: {} })).toBe(false);
    expect(conform({}, { record: {} })).toBe(true);
  });

  it("terminates on cyclic values", () => {
    const cyclic: Record<string, unknown> = { a: "x" };
    cyclic.self = cyclic;
    expect(conform(cyclic, record)).toBe(false);
    expect(conform(cyclic, "json")).toBe(true);
  });
});

describe("typed", () => {
  it("returns a conforming value and faults otherwise", () => {
    const list = ["a"];
    expect(typed(list, { list: "string" })).toBe(list);
    expect(() => typed([1], { list: "string" })).toThrow(Fault);
    expect(() => typed(undefined, "json")).not.toThrow();
  });
});

describe("eq", () => {
  it("compares deeply", () => {
    expect(eq(1, 1)).toBe(true);
    expect(eq(0, -0)).toBe(true);
    expect(eq(NaN, NaN)).toBe(false);
    expect(eq("a", "a")).toBe(true);
    expect(eq(1, "1")).toBe(false);
    expect(eq(null, null)).toBe(true);
    expect(eq(null, {})).toBe(false);
    expect(eq([1, [2]], [1, [2]])).toBe(true);
    expect(eq([1, 2], [1])).toBe(false);
    expect(eq([], {})).toBe(false);
    expect(eq({}, [])).toBe(false);
    expect(eq({ a: 1, b: [true] }, { b: [true], a: 1 })).toBe(true);
    expect(eq({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(eq({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(eq({ a: undefined }, { b: undefined })).toBe(false);
  });

  it("is reflexive and symmetric on JSON values", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => eq(v, structuredClone(v))));
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => eq(a, b) === eq(b, a)));
  });

  it("agrees with comparing canonical JSON texts", () => {
    const canonical = (v: unknown): string =>
      JSON.stringify(v, (_k, x: unknown) => (isRecord(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1))) : x));
    // -0 prints as 0 and is === 0, so both sides agree on it.
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => eq(a, b) === (canonical(a) === canonical(b))));
  });
});

describe("includes and contains", () => {
  it("tests list membership by deep equality", () => {
    expect(includes([1, [2, 3]], [2, 3])).toBe(true);
    expect(includes(["a"], "b")).toBe(false);
    expect(includes([], null)).toBe(false);
    expect(() => includes("abc", "a")).toThrow(Fault);
    expect(() => includes({ 0: "a" }, "a")).toThrow(Fault);
  });

  it("tests substrings of strings and members of lists", () => {
    expect(contains("hello", "ell")).toBe(true);
    expect(contains("hello", "")).toBe(true);
    expect(contains("hello", "L")).toBe(false);
    expect(contains(["hello"], "ell")).toBe(false);
    expect(contains([{ a: 1 }], { a: 1 })).toBe(true);
    expect(() => contains("hello", 1)).toThrow(Fault);
    expect(() => contains(5, 5)).toThrow(Fault);
  });
});
