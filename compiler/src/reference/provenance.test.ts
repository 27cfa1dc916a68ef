import { describe, expect, it } from "vitest";
import { carries, normalForm, tokensOf } from "./provenance.js";

describe("the reference provenance", () => {
  it("compares normal forms", () => {
    expect(normalForm(" A b\tC\u00a0")).toBe("abc");
    expect(tokensOf("pay DE89 to bo@x.io. (ref 2026-118)")).toEqual(["de89", "bo@x.io", "2026-118"]);
  });

  it("finds a window of the content (16 code units at every 4th position) in the string", () => {
    const content = "0123456789abcdefghijklmnopqrstuv";
    expect(carries("xx0123456789ABCDEFxx", content)).toBe(true);
    expect(carries("456789abcdefghij", content)).toBe(true);
    expect(carries("123456789abcdefg", content)).toBe(false);
    expect(carries("123456789abcdefghij", content)).toBe(true);
    expect(carries("0123456789abcde", content)).toBe(false);
  });

  it("finds a shared token", () => {
    expect(carries("Bo@X.io", "mail bo@x.io now")).toBe(true);
    expect(carries("xbo@x.io", "mail bo@x.io now")).toBe(false);
  });
});
