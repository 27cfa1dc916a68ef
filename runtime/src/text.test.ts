import { describe, expect, it } from "vitest";
import { contentText, normalize, tokens, UnreadableContent } from "./text.js";

describe("normalize", () => {
  it("drops whitespace and lower-cases one code unit at a time", () => {
    expect(normalize("DE89 3704\t0044\n0532\u00a0013000")).toBe("de89370400440532013000");
    expect(normalize("Ann@ACME.example")).toBe("ann@acme.example");
    // `İ` lower-cases to two code units and stays; `Σ` folds without looking at its neighbours.
    expect(normalize("İSTANBUL ΟΔΟΣ")).toBe("İstanbulοδοσ");
    expect(normalize("")).toBe("");
    expect(normalize("x".repeat(10_000)).length).toBe(10_000);
  });
});

describe("tokens", () => {
  it("are the words with a digit, `@`, `.` or `/`, of 4 code units or more, less trailing punctuation", () => {
    expect(tokens("Mail bo@x.io, or (call 0800-4711). See https://x.io/a/ and notes.txt!")).toEqual(["bo@x.io", "0800-4711", "https://x.io/a", "notes.txt"]);
    expect(tokens("a.b 123 abcd ab12 x=1234&y=5 *9999* and/or")).toEqual(["ab12", "1234", "9999", "and/or"]);
    expect(tokens("abc. abcd. ..... IBAN:DE89")).toEqual(["iban:de89"]);
    expect(tokens("")).toEqual([]);
  });
});

describe("contentText", () => {
  it("joins the strings, numbers and keys of a value with NUL", () => {
    expect(contentText("plain")).toBe("plain");
    expect(contentText(42.5)).toBe("42.5");
    expect(contentText({ to: ["a@b.io", 7], ok: true, none: null })).toBe("to\u0000a@b.io\u00007\u0000ok\u0000none");
    expect(contentText(null)).toBe("");
    expect(contentText(Number.NaN)).toBe("");
    const cyclic: Record<string, unknown> = { a: "x" };
    cyclic.self = cyclic;
    expect(contentText(cyclic)).toBe("a\u0000x\u0000self");
  });

  it("reads any nesting without recursion, a shared object each time it appears, and throws for what cannot be read", () => {
    let deep: unknown = ["x@y.io"];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(contentText(deep)).toBe("x@y.io");
    const shared = { k: "v" };
    expect(contentText([shared, shared])).toBe("k\u0000v\u0000k\u0000v");
    const throwing = { get a(): string { throw new Error("boom"); } };
    expect(() => contentText(throwing)).toThrow(new UnreadableContent("reading it threw: boom"));
    let wide: unknown = "x";
    for (let i = 0; i < 21; i++) wide = [wide, wide];
    expect(() => contentText(wide)).toThrow(UnreadableContent);
  });
});
