import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson } from "./canonical.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no spaces", () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }], "\u00e9": "x" })).toBe('{"a":[{"c":null,"d":true}],"b":1,"\u00e9":"x"}');
  });

  it("leaves out undefined fields and writes undefined list items as null, as JSON.stringify does", () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it("refuses what JSON cannot hold instead of spelling two values alike", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow("NaN has no JSON spelling");
    expect(() => canonicalJson({ a: 1n })).toThrow("a bigint has no JSON spelling");
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow("a value that contains itself has no JSON spelling");
  });

  it("is JSON that parses back to the value, and the same text for any key order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
