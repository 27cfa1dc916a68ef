// Cutting attacker-controlled data for the desk: long strings and keys, wide and deep values.
import { describe, expect, it } from "vitest";
import { cut, cutAll } from "./truncate.js";

describe("cutAll", () => {
  it("cuts long strings, keys included, and says how much was left out", () => {
    expect(cut("abcdef", 4)).toBe("abcd… (2 more characters)");
    expect(cut("abcd", 4)).toBe("abcd");
    const key = "k".repeat(300);
    expect(cutAll({ [key]: "v".repeat(1001) })).toEqual({ [`${"k".repeat(200)}… (100 more characters)`]: `${"v".repeat(1000)}… (1 more characters)` });
  });

  it("keeps 100 items and fields and 8 levels, saying what it left out", () => {
    expect(cutAll(Array.from({ length: 102 }, (_, i) => i))).toEqual([...Array.from({ length: 100 }, (_, i) => i), "… (2 more items)"]);
    const wide = cutAll(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i]))) as Record<string, unknown>;
    expect(Object.keys(wide)).toHaveLength(101);
    expect(wide["…"]).toBe("1 more fields");
    let deep: unknown = "bottom";
    for (let i = 0; i < 10; i++) deep = [deep];
    expect(JSON.stringify(cutAll(deep))).toBe(`${"[".repeat(8)}"… (nested too deep)"${"]".repeat(8)}`);
  });

  it("leaves numbers, booleans and null alone", () => {
    expect(cutAll({ a: 1, b: true, c: null })).toEqual({ a: 1, b: true, c: null });
  });
});
