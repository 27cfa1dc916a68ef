import { describe, expect, it } from "vitest";
import { parse } from "../syntax/parse.js";
import { check } from "./check.js";
import { resolve } from "./resolve.js";
import type { PredicateSymbol } from "./symbols.js";

const policy = `policy p
tool send(to: string)
tool unused_tool()
def bad(x: string) = x > 1
def near(x: string) = x == "a"
rule r { deny send when near(args.to) }
`;

describe("checking a fragment against a document's symbols", () => {
  const symbols = resolve(parse(policy).ast).output.symbols;
  const codes = (source: string, fragment: boolean) => {
    const ast = parse(source).ast;
    // The fragment's own predicate stands for the document's one of that name, as the editor's completion does.
    const predicates = new Map(symbols.predicates);
    for (const decl of ast.declarations)
      if (decl.kind === "PredicateDecl") predicates.set(decl.name.text, { ...(symbols.predicates.get(decl.name.text) as PredicateSymbol), decl });
    return check({ ast, symbols: { ...symbols, predicates }, references: [] }, undefined, { fragment }).diagnostics.map((d) => d.code);
  };

  it("checks only the fragment's own declarations and reports nothing unused", () => {
    const rule = "rule s { deny send when args.to > 1 }\n";
    expect(codes(rule, true)).toEqual(["apol/type-mismatch"]);
    // As a whole policy, the other predicate's body and the unused declarations are reported too.
    expect(codes(rule, false)).toEqual([
      "apol/type-mismatch",
      "apol/type-mismatch",
      "apol/unused-declaration",
      "apol/unused-declaration",
      "apol/unused-declaration",
    ]);
    expect(codes("def bad(x: string) = x > 1\n", true)).toEqual(["apol/type-mismatch"]);
  });
});
