// The parser's CST nodes keep their children in plain objects (`cstInvocationStateUpdate`): no child name may shadow a member of `Object.prototype`.
import { describe, expect, it } from "vitest";
import { lex } from "./lex.js";
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
});
