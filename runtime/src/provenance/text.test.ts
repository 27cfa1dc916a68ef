import { describe, expect, it } from "vitest";
import { boundary, contentText, destination, identifiers, normalize, UnreadableContent, words } from "./text.js";

describe("normalize", () => {
  it("folds case fully, applies NFKC, keeps one space for whitespace", () => {
    expect(normalize("  Ann@ACME.example\t\u00a0x ")).toBe("ann@acme.example x");
    expect(normalize("Straße ﬁle ΟΔΟΣ")).toBe("strasse file οδοσ");
    expect(normalize("")).toBe("");
    expect(normalize("x".repeat(10_000)).length).toBe(10_000);
  });

  it("removes format characters and reads digits of every script as ASCII", () => {
    expect(normalize("a\u200bl\u200di\u00adc\u202ee\u2066@x.io")).toBe("alice@x.io");
    expect(normalize("\u0661\u0662\u0663 \u0967\u0968 \u09e9 \uff14 \u{1d7d3}")).toBe("12312345");
  });

  it("decodes percent escapes and drops the URL and address forms", () => {
    expect(normalize("mailto:alice%40corp.example")).toBe("alice@corp.example");
    expect(normalize("HTTPS://www.Informations.com/")).toBe("informations.com");
    expect(normalize("bad %zz %e2%82")).toBe("bad %zz %e2%82");
  });

  it("drops an IBAN's separators and those between digits", () => {
    expect(normalize("DE89 3704.0044-0532 0130 00 today")).toBe("de89370400440532013000 today");
    expect(normalize("call +1 555-123-4567")).toBe("call +15551234567");
  });
});

describe("boundaries, destinations, identifiers and words", () => {
  it("puts boundaries next to characters outside words (`-` and `_` are inside)", () => {
    expect([0, 1, 4, 5, 9].map((p) => boundary("true-inf.o", p))).toEqual([true, false, false, false, true]);
  });

  it("reads the address of a display name", () => {
    expect(destination('"Alice" <ALICE@corp.example>')).toBe("alice@corp.example");
    expect(destination("a <b> c")).toBe("a <b> c");
  });

  it("finds addresses, URLs with their hosts, file names and long numbers", () => {
    expect(identifiers(normalize("Mail bo@x.io, see https://x.io/a/ and notes.txt! Year 2026, acct 12-34-56, (+49 30 123456)."))).toEqual([
      "bo@x.io",
      "x.io/a",
      "x.io",
      "notes.txt",
      "123456",
      "4930123456",
    ]);
    expect(identifiers("a.b abc. 12345 u.s")).toEqual([]);
    expect(words(normalize("Le Marais-Boutique, 12 rue"))).toEqual(["le", "marais", "boutique", "12", "rue"]);
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
    const throwing = {
      get a(): string {
        throw new Error("boom");
      },
    };
    expect(() => contentText(throwing)).toThrow(new UnreadableContent("reading it threw: boom"));
    let wide: unknown = "x";
    for (let i = 0; i < 21; i++) wide = [wide, wide];
    expect(() => contentText(wide)).toThrow(UnreadableContent);
  });
});
