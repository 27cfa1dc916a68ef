// Unit tests of the reference evaluator's value operations: equality, globs and type conformance.
import { describe, expect, it } from "vitest";
import type { Symbols } from "../check/symbols.js";
import { boolType, intType, listOf, numberType, stringType, type Type } from "../check/types.js";
import { conforms, deepEqual, describeType, globMatch } from "./value-ops.js";

const symbols = { enums: new Map([["Role", { name: "Role", members: ["admin", "teller"] }]]) } as unknown as Symbols;
const record = (fields: Record<string, [Type, boolean]>): Type => ({
  kind: "record",
  fields: new Map(Object.entries(fields).map(([k, [type, optional]]) => [k, { type, optional }])),
});

describe("deepEqual", () => {
  it("compares numbers by ===, lists element-wise and objects by keys and values", () => {
    expect(deepEqual(1, 1)).toBe(true);
    expect(deepEqual(0, -0)).toBe(true);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(false);
    expect(deepEqual("1", 1)).toBe(false);
    expect(deepEqual([1, [2]], [1, [2]])).toBe(true);
    expect(deepEqual([1, 2], [1])).toBe(false);
    expect(deepEqual({ a: 1, b: [2] }, { b: [2], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: undefined }, { b: undefined })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, null)).toBe(true);
  });
});

describe("globMatch", () => {
  it("matches whole strings with `*` inside a segment, `**` across segments and `?` for one character", () => {
    expect(globMatch("", "")).toBe(true);
    expect(globMatch("*", "")).toBe(true);
    expect(globMatch("*", "a/b")).toBe(false);
    expect(globMatch("**", "a/b")).toBe(true);
    expect(globMatch("a/**/z", "a/b/c/z")).toBe(true);
    expect(globMatch("a/**/z", "a/z")).toBe(false);
    expect(globMatch("a/**z", "a/z")).toBe(true);
    expect(globMatch("*.txt", "notes.txt")).toBe(true);
    expect(globMatch("*.txt", "notes.txt.bak")).toBe(false);
    expect(globMatch("?", "/")).toBe(false);
    expect(globMatch("??", "😀")).toBe(true);
    expect(globMatch("a*b*c", "axxbyyc")).toBe(true);
    expect(globMatch("A", "a")).toBe(false);
    expect(globMatch("[a]", "[a]")).toBe(true);
    expect(globMatch("abc", "ab")).toBe(false);
    expect(globMatch("***", "a/b")).toBe(true);
    expect(globMatch("a?c", "a/c")).toBe(false);
  });

  it("decides in linear time and without recursion, whatever the pattern", () => {
    const long = "a".repeat(200_000);
    expect(globMatch("**a**a**a**a**a**a**a**b", long)).toBe(false);
    expect(globMatch("*a*a*a*a*a*a*a*b", long)).toBe(false);
    expect(globMatch("a*", long)).toBe(true);
    expect(globMatch(`${"?".repeat(99)}*a`, long)).toBe(true);
  });
});

describe("conforms", () => {
  it("checks every type deeply; null fits only json", () => {
    expect(conforms(1.5, numberType, symbols)).toBe(true);
    expect(conforms(Infinity, numberType, symbols)).toBe(false);
    expect(conforms(1.5, intType, symbols)).toBe(false);
    expect(conforms(2, intType, symbols)).toBe(true);
    expect(conforms("true", boolType, symbols)).toBe(false);
    expect(conforms("admin", { kind: "enum", name: "Role" }, symbols)).toBe(true);
    expect(conforms("toString", { kind: "enum", name: "Role" }, symbols)).toBe(false);
    expect(conforms(["a", null], listOf(stringType), symbols)).toBe(false);
    // A hole is no more an element than `undefined` is, even in a `json[]`.
    expect(conforms([, , "a"], listOf(stringType), symbols)).toBe(false);
    expect(conforms(new Array(1), listOf({ kind: "json" }), symbols)).toBe(false);
    expect(conforms(null, { kind: "json" }, symbols)).toBe(true);
    const shape = record({ a: [stringType, false], b: [intType, true] });
    expect(conforms({ a: "x" }, shape, symbols)).toBe(true);
    expect(conforms({ a: "x", b: undefined }, shape, symbols)).toBe(true);
    expect(conforms({ a: "x", b: 1.5 }, shape, symbols)).toBe(false);
    expect(conforms({ a: "x", c: 1 }, shape, symbols)).toBe(false);
    expect(conforms({ b: 1 }, shape, symbols)).toBe(false);
    expect(conforms([], shape, symbols)).toBe(false);
  });

  it("names types the way request problems do", () => {
    expect(describeType(intType, symbols)).toBe("a whole number");
    expect(describeType({ kind: "enum", name: "Role" }, symbols)).toBe("one of `admin`, `teller`");
    expect(describeType(listOf(record({ a: [stringType, false] })), symbols)).toBe("({ a: string })[]");
  });
});
