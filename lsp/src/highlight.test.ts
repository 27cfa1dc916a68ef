import { describe, expect, it } from "vitest";
import { DocumentHighlightKind, type DocumentHighlight } from "vscode-languageserver";
import { cursorAt, rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy, bankTests } from "./test-support/fixtures.js";

const uri = "file:///fixtures/highlight.apol";
const session = serverFixture({ [uri]: bankPolicy });

describe("document highlight", () => {
  it("marks the declaration as a write and the uses as reads", async () => {
    const highlights = await session().request<DocumentHighlight[]>("textDocument/documentHighlight", {
      textDocument: { uri },
      position: cursorAt(bankPolicy, "of ap<|>provers"),
    });
    expect(highlights).toEqual([
      { range: rangeAt(bankPolicy, "const <|approvers|>"), kind: DocumentHighlightKind.Write },
      { range: rangeAt(bankPolicy, "of <|approvers|>"), kind: DocumentHighlightKind.Read },
    ]);
  });

  it("highlights a quantifier variable where it is bound and used", async () => {
    const at = cursorAt(bankPolicy, "all(<|>t in");
    const highlights = await session().request<DocumentHighlight[]>("textDocument/documentHighlight", { textDocument: { uri }, position: at });
    expect(highlights.map((h) => [h.range.start, h.kind])).toEqual([
      [at, DocumentHighlightKind.Write],
      [cursorAt(bankPolicy, "lower(<|>t)"), DocumentHighlightKind.Read],
    ]);
  });

  it("highlights in a test file its own occurrences only", async () => {
    await session().open("file:///fixtures/tests/bank.apol", bankPolicy);
    const tests = await session().open("file:///fixtures/tests/bank.test.apol", bankTests);
    const highlights = await session().request<DocumentHighlight[]>("textDocument/documentHighlight", {
      textDocument: { uri: tests.uri },
      position: cursorAt(bankTests, `call se<|>nd_money(recipient: "y"`),
    });
    expect(highlights).toEqual([
      { range: rangeAt(bankTests, `call <|send_money|>(recipient: "y"`), kind: DocumentHighlightKind.Read },
      { range: rangeAt(bankTests, `call <|send_money|>(recipient: "z"`), kind: DocumentHighlightKind.Read },
    ]);
  });
});
