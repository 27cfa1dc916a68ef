import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Location } from "vscode-languageserver";
import { startSession, type TestSession } from "./test-support/client.js";
import { bankPolicy, bankTests, positionOf, rangeOf } from "./test-support/fixtures.js";

let session: TestSession;
const uri = "file:///fixtures/definition.apol";
beforeAll(async () => {
  session = await startSession();
  await session.open(uri, bankPolicy);
});
afterAll(() => session.close());

const definitionAt = (needle: string, n = 0, offset = 1) =>
  session.request<Location[]>("textDocument/definition", { textDocument: { uri }, position: positionOf(bankPolicy, needle, n, offset) });

describe("go to definition", () => {
  it("goes from a tool in a target, in `sum` and in a test call to its declaration", async () => {
    const declaration = [{ uri, range: rangeOf(bankPolicy, "send_money") }];
    expect(await definitionAt("allow send_money", 0, 7)).toEqual(declaration);
    expect(await definitionAt("sum(send_money", 0, 5)).toEqual(declaration);
    expect(await definitionAt("call send_money", 0, 6)).toEqual(declaration);
  });

  it("goes from `args.amount` to the argument in every targeted tool", async () => {
    expect(await definitionAt("when args.amount > limit", 0, 11)).toEqual([
      { uri, range: rangeOf(bankPolicy, "amount") },
      { uri, range: rangeOf(bankPolicy, "amount", 1) },
    ]);
  });

  it("goes to fields, enums, enum symbols, consts, rules and quantifier variables", async () => {
    expect(await definitionAt("user.role ==", 0, 6)).toEqual([{ uri, range: rangeOf(bankPolicy, "role") }]);
    expect(await definitionAt("role: Role", 0, 7)).toEqual([{ uri, range: rangeOf(bankPolicy, "Role") }]);
    expect(await definitionAt("== teller", 0, 4)).toEqual([{ uri, range: rangeOf(bankPolicy, "teller") }]);
    expect(await definitionAt("<= limit", 0, 4)).toEqual([{ uri, range: rangeOf(bankPolicy, "limit") }]);
    expect(await definitionAt("of approvers", 0, 4)).toEqual([{ uri, range: rangeOf(bankPolicy, "approvers") }]);
    expect(await definitionAt("by small", 0, 4)).toEqual([{ uri, range: rangeOf(bankPolicy, "small") }]);
    expect(await definitionAt("lower(t)", 0, 6)).toEqual([{ uri, range: rangeOf(bankPolicy, "t in") }].map((l) => ({ ...l, range: { ...l.range, end: { ...l.range.end, character: l.range.start.character + 1 } } })));
  });

  it("finds nothing on keywords and built-ins", async () => {
    expect(await definitionAt("rule small", 0, 1)).toEqual([]);
    expect(await definitionAt("lower(t)", 0, 1)).toEqual([]);
  });

  it("goes from a test file into its policy", async () => {
    const policy = "file:///fixtures/tests/bank.apol";
    const tests = "file:///fixtures/tests/bank.test.apol";
    await session.open(policy, bankPolicy);
    await session.open(tests, bankTests);
    const at = (needle: string, offset: number) => session.request<Location[]>("textDocument/definition", { textDocument: { uri: tests }, position: positionOf(bankTests, needle, 0, offset) });
    expect(await at("call send_money", 6)).toEqual([{ uri: policy, range: rangeOf(bankPolicy, "send_money") }]);
    expect(await at("amount: 900", 1)).toEqual([{ uri: policy, range: rangeOf(bankPolicy, "amount") }]);
    expect(await at("by large", 4)).toEqual([{ uri: policy, range: rangeOf(bankPolicy, "large") }]);
    expect(await at("role: admin", 7)).toEqual([{ uri: policy, range: rangeOf(bankPolicy, "admin") }]);
  });
});
