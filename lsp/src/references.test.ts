import { describe, expect, it } from "vitest";
import type { Location } from "vscode-languageserver";
import { cursorAt, rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy, bankTests } from "./test-support/fixtures.js";

const uri = "file:///fixtures/references.apol";
const session = serverFixture({ [uri]: bankPolicy });

/** The references at the `<|>` of a snippet of the bank policy. */
const referencesAt = (snippet: string, includeDeclaration: boolean) =>
  session().request<Location[]>("textDocument/references", { textDocument: { uri }, position: cursorAt(bankPolicy, snippet), context: { includeDeclaration } });
/** Where the bank policy uses `send_money`, after its declaration. */
const sendMoneyUses = ["allow <|send_money|>", "review <|send_money|>", "deny <|send_money|>", "sum(<|send_money|>", "call <|send_money|>"];

describe("find references", () => {
  it("finds every use of a tool, with or without its declaration", async () => {
    const uses = sendMoneyUses.map((snippet) => ({ uri, range: rangeAt(bankPolicy, snippet) }));
    expect(await referencesAt("tool s<|>end_money", false)).toEqual(uses);
    expect(await referencesAt("deny s<|>end_money", true)).toEqual([{ uri, range: rangeAt(bankPolicy, "tool <|send_money|>") }, ...uses]);
  });

  it("finds an argument through `args.`, `sum`, `it.args.` and test calls", async () => {
    // `send_money`'s `amount`: its declaration, `args.amount` in the three rules, `sum(send_money.amount ...)` and the test
    // call; not `it.args.amount`, which is `send_email`'s.
    const found = await referencesAt("a<|>mount: number", true);
    expect(found.map((l) => l.range.start.line)).toEqual([5, 13, 19, 26, 26, 31]);
  });

  it("finds the uses of an enum symbol and of a const", async () => {
    expect((await referencesAt("l<|>imit = 500", false)).map((l) => l.range)).toEqual([
      rangeAt(bankPolicy, "<= <|limit|>"),
      rangeAt(bankPolicy, "amount > <|limit|>"),
    ]);
    expect((await referencesAt("t<|>eller }", true)).map((l) => l.range.start.line)).toEqual([2, 13, 30]);
  });

  it("finds nothing where there is no name", async () => {
    expect(await referencesAt("2<|>000", true)).toEqual([]);
  });

  it("finds the uses in a test file and in its policy, each once, from either", async () => {
    const policy = "file:///fixtures/tests/bank.apol";
    const tests = "file:///fixtures/tests/bank.test.apol";
    await session().open(policy, bankPolicy);
    await session().open(tests, bankTests);
    const expected = [
      ...["tool <|send_money|>", ...sendMoneyUses].map((snippet) => ({ uri: policy, range: rangeAt(bankPolicy, snippet) })),
      ...[`<|send_money|>(recipient: "y"`, `<|send_money|>(recipient: "z"`].map((snippet) => ({ uri: tests, range: rangeAt(bankTests, snippet) })),
    ];
    const fromPolicy = await session().request<Location[]>("textDocument/references", {
      textDocument: { uri: policy },
      position: cursorAt(bankPolicy, "tool s<|>end_money"),
      context: { includeDeclaration: true },
    });
    const fromTests = await session().request<Location[]>("textDocument/references", {
      textDocument: { uri: tests },
      position: cursorAt(bankTests, `s<|>end_money(recipient: "z"`),
      context: { includeDeclaration: true },
    });
    expect(fromPolicy).toEqual(expected);
    expect(fromTests).toEqual(expected);
  });
});
