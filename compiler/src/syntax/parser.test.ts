// The parser's CST nodes: children in plain objects (`cstInvocationStateUpdate`), named after no member of `Object.prototype`; top-level declarations streamed to `onDeclaration`.
import { describe, expect, it } from "vitest";
import { lex } from "./lex.js";
import type { DeclarationCstNode } from "./cst.js";
import { parser, parseTokens } from "./parser.js";
import { allTokens } from "./tokens.js";

describe("the parser's CST nodes", () => {
  it("name no child after a member of Object.prototype", () => {
    const names = [...allTokens.map((token) => token.name), ...Object.keys(parser.getGAstProductions())];
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter((name) => name in Object.prototype)).toEqual([]);
  });

  it("hold only the children the rule built", () => {
    const { cst, errors } = parseTokens(lex("policy p").tokens);
    expect(errors).toEqual([]);
    const declaration = cst.children.declaration?.[0];
    expect(Object.keys(cst.children)).toEqual(["declaration"]);
    expect(Object.keys(declaration?.children ?? {})).toEqual(["policyHeader"]);
    expect(declaration?.children.policyHeader?.[0]?.location).toEqual({ startOffset: 0, endOffset: 7 });
  });

  it("go to `onDeclaration` one top-level declaration at a time, the same nodes and errors as in the file's node", () => {
    // A rule cut short by recovery, a stray `}` between declarations and a missing value at the end.
    const text = "policy p\nrule r {\n  allow t\n  when args.a ==\n}\n}\nconst c = [1, 2\ntool t(a: number)\nconst d =";
    const whole = parseTokens(lex(text).tokens);
    const sent: DeclarationCstNode[] = [];
    const streamed = parseTokens(lex(text).tokens, (node) => sent.push(node));
    expect(streamed.cst.children.declaration).toBeUndefined();
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent).toEqual(whole.cst.children.declaration);
    expect(streamed.errors.map((e) => e.message)).toEqual(whole.errors.map((e) => e.message));
    expect(streamed.errors.length).toBeGreaterThan(0);
  });
});
