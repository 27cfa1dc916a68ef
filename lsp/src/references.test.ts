import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Location } from "vscode-languageserver";
import { startSession, type TestSession } from "./test-support/client.js";
import { bankPolicy, bankTests, positionOf, rangeOf } from "./test-support/fixtures.js";

let session: TestSession;
const uri = "file:///fixtures/references.apol";
beforeAll(async () => {
  session = await startSession();
  await session.open(uri, bankPolicy);
});
afterAll(() => session.close());

const referencesAt = (needle: string, includeDeclaration: boolean, n = 0, offset = 1) =>
  session.request<Location[]>("textDocument/references", { textDocument: { uri }, position: positionOf(bankPolicy, needle, n, offset), context: { includeDeclaration } });

describe("find references", () => {
  it("finds every use of a tool, with or without its declaration", async () => {
    const uses = [1, 2, 3, 4, 5].map((n) => ({ uri, range: rangeOf(bankPolicy, "send_money", n) }));
    expect(await referencesAt("send_money", false)).toEqual(uses);
    expect(await referencesAt("send_money", true, 3)).toEqual([{ uri, range: rangeOf(bankPolicy, "send_money") }, ...uses]);
  });

  it("finds an argument through `args.`, `sum`, `it.args.` and test calls", async () => {
    // `send_money`'s `amount`: its declaration, `args.amount` in the three rules, `sum(send_money.amount ...)` and the test
    // call; not `it.args.amount`, which is `send_email`'s.
    const found = await referencesAt("amount: number", true);
    expect(found.map((l) => l.range.start.line)).toEqual([5, 13, 19, 26, 26, 31]);
  });

  it("finds the uses of an enum symbol and of a const", async () => {
    expect((await referencesAt("limit = 500", false)).map((l) => l.range)).toEqual([rangeOf(bankPolicy, "limit", 1), rangeOf(bankPolicy, "limit", 2)]);
    expect((await referencesAt("teller }", true)).map((l) => l.range.start.line)).toEqual([2, 13, 30]);
  });

  it("finds nothing where there is no name", async () => {
    expect(await referencesAt("2000", true)).toEqual([]);
  });

  it("finds the uses in a test file and in its policy, each once, from either", async () => {
    const policy = "file:///fixtures/tests/bank.apol";
    const tests = "file:///fixtures/tests/bank.test.apol";
    await session.open(policy, bankPolicy);
    await session.open(tests, bankTests);
    const expected = [
      ...[0, 1, 2, 3, 4, 5].map((n) => ({ uri: policy, range: rangeOf(bankPolicy, "send_money", n) })),
      ...[0, 1].map((n) => ({ uri: tests, range: rangeOf(bankTests, "send_money", n) })),
    ];
    const fromPolicy = await session.request<Location[]>("textDocument/references", { textDocument: { uri: policy }, position: positionOf(bankPolicy, "send_money", 0, 1), context: { includeDeclaration: true } });
    const fromTests = await session.request<Location[]>("textDocument/references", { textDocument: { uri: tests }, position: positionOf(bankTests, "send_money", 1, 1), context: { includeDeclaration: true } });
    expect(fromPolicy).toEqual(expected);
    expect(fromTests).toEqual(expected);
  });
});
