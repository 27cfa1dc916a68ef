import { readdirSync, readFileSync } from "node:fs";
import { parse } from "@apol/compiler";
import { describe, expect, it } from "vitest";
import { IncrementalParser } from "./incremental-parse.js";

const examples = new URL("../../examples/", import.meta.url);
const policies = readdirSync(examples)
  .filter((f) => f.endsWith(".apol"))
  .map((f) => readFileSync(new URL(f, examples), "utf8"));

describe("the incremental parser", () => {
  it("gives the compiler's parse of every example, and again after an edit", () => {
    for (const text of policies) {
      const parser = new IncrementalParser();
      expect(parser.parse(text)).toEqual(parse(text));
      const middle = text.indexOf("\nrule ", text.length / 2) + 1;
      const edited = `${text.slice(0, middle)}const added = 1\n\n${text.slice(middle)}`;
      expect(parser.parse(edited)).toEqual(parse(edited));
    }
  });

  it("re-parses only the declaration an edit touched, and keeps the objects of those it did not move", () => {
    const parser = new IncrementalParser();
    const text = "policy p\ntool t(a: string)\nrule r {\n  allow t\n}\nrule s {\n  deny t\n}\n";
    const before = parser.parse(text).ast.declarations;
    const after = parser.parse(text.replace("deny t", 'deny t when args.a == "x"')).ast.declarations;
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    after.slice(0, 3).forEach((d, i) => expect(d).toBe(before[i]));
    expect(after[3]).not.toBe(before[3]);
  });

  it("moves the spans of a piece that an edit above moved, once even where two nodes share a span", () => {
    const parser = new IncrementalParser();
    const text = 'policy p\ntool t(a: string)\nrule r {\n  allow t when args.a == "x"\n}\n';
    parser.parse(text);
    for (const edited of [text.replace("tool t", "tool  t"), text.replace("policy p", "policy pq"), text]) expect(parser.parse(edited)).toEqual(parse(edited));
  });

  it("gives two declarations with the same text each its own spans", () => {
    const parser = new IncrementalParser();
    const text = "policy p\ntool t()\nrule r { allow t }\nrule r { allow t }\n";
    expect(parser.parse(text)).toEqual(parse(text));
    const edited = text.replace("tool t()", "tool t() tier 1");
    expect(parser.parse(edited)).toEqual(parse(edited));
  });

  it("stops a missing `}` at the next declaration, so the rules below keep no error", () => {
    const text = 'policy p\ntool t(a: string)\nrule new {\n  allow t\n  reason "staging\n\nrule old {\n  deny t\n}\n';
    const parsed = new IncrementalParser().parse(text);
    expect(parsed.ast.declarations.map((d) => d.kind)).toEqual(["PolicyHeader", "ToolDecl", "RuleDecl", "RuleDecl"]);
    expect(parsed.diagnostics.every((d) => d.span.start < text.indexOf("rule old"))).toBe(true);
  });

  it("keeps a block comment that holds a declaration keyword at the start of a line whole", () => {
    const text = "policy p\n/* disabled:\nrule r {\n  allow t\n}\n*/\ntool t()\n";
    expect(new IncrementalParser().parse(text)).toEqual(parse(text));
  });
});
