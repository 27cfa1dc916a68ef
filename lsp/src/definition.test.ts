import { describe, expect, it } from "vitest";
import type { Location } from "vscode-languageserver";
import { cursorAt, rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy, bankTests } from "./test-support/fixtures.js";

const uri = "file:///fixtures/definition.apol";
const session = serverFixture({ [uri]: bankPolicy });

/** The definitions at the `<|>` of a snippet of the bank policy. */
const definitionAt = (snippet: string) =>
  session().request<Location[]>("textDocument/definition", { textDocument: { uri }, position: cursorAt(bankPolicy, snippet) });
const declared = (snippet: string) => [{ uri, range: rangeAt(bankPolicy, snippet) }];

describe("go to definition", () => {
  it("goes from a tool in a target, in `sum` and in a test call to its declaration", async () => {
    const declaration = declared("tool <|send_money|>(");
    expect(await definitionAt("allow s<|>end_money")).toEqual(declaration);
    expect(await definitionAt("sum(s<|>end_money")).toEqual(declaration);
    expect(await definitionAt("call s<|>end_money")).toEqual(declaration);
  });

  it("goes from `args.amount` to the argument in every targeted tool", async () => {
    expect(await definitionAt("when args.a<|>mount > limit")).toEqual([...declared("string, <|amount|>: number"), ...declared("string[], <|amount|>: int")]);
  });

  it("goes to fields, enums, enum symbols, consts, rules and quantifier variables", async () => {
    expect(await definitionAt("user.r<|>ole ==")).toEqual(declared("string, <|role|>: Role"));
    expect(await definitionAt("role: R<|>ole")).toEqual(declared("enum <|Role|> {"));
    expect(await definitionAt("== t<|>eller")).toEqual(declared("admin, <|teller|> }"));
    expect(await definitionAt("<= l<|>imit")).toEqual(declared("const <|limit|> ="));
    expect(await definitionAt("of a<|>pprovers")).toEqual(declared("const <|approvers|> ="));
    expect(await definitionAt("by s<|>mall")).toEqual(declared("rule <|small|> {"));
    expect(await definitionAt("lower(<|>t)")).toEqual(declared("all(<|t|> in"));
  });

  it("finds nothing on keywords and built-ins", async () => {
    expect(await definitionAt("r<|>ule small")).toEqual([]);
    expect(await definitionAt("l<|>ower(t)")).toEqual([]);
  });

  it("goes from a test file into its policy", async () => {
    const policy = "file:///fixtures/tests/bank.apol";
    const tests = "file:///fixtures/tests/bank.test.apol";
    await session().open(policy, bankPolicy);
    await session().open(tests, bankTests);
    const at = (snippet: string) =>
      session().request<Location[]>("textDocument/definition", { textDocument: { uri: tests }, position: cursorAt(bankTests, snippet) });
    const inPolicy = (snippet: string) => [{ uri: policy, range: rangeAt(bankPolicy, snippet) }];
    expect(await at(`call s<|>end_money(recipient: "y"`)).toEqual(inPolicy("tool <|send_money|>("));
    expect(await at("a<|>mount: 900")).toEqual(inPolicy("string, <|amount|>: number"));
    expect(await at("by l<|>arge")).toEqual(inPolicy("rule <|large|> {"));
    expect(await at("role: a<|>dmin")).toEqual(inPolicy("{ <|admin|>, teller"));
  });
});
