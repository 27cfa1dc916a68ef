import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentHighlightKind, type DocumentHighlight } from "vscode-languageserver";
import { startSession, type TestSession } from "./test-support/client.js";
import { bankPolicy, bankTests, positionOf, rangeOf } from "./test-support/fixtures.js";

let session: TestSession;
const uri = "file:///fixtures/highlight.apol";
beforeAll(async () => {
  session = await startSession();
  await session.open(uri, bankPolicy);
});
afterAll(() => session.close());

describe("document highlight", () => {
  it("marks the declaration as a write and the uses as reads", async () => {
    const highlights = await session.request<DocumentHighlight[]>("textDocument/documentHighlight", { textDocument: { uri }, position: positionOf(bankPolicy, "approvers", 1, 2) });
    expect(highlights).toEqual([
      { range: rangeOf(bankPolicy, "approvers"), kind: DocumentHighlightKind.Write },
      { range: rangeOf(bankPolicy, "approvers", 1), kind: DocumentHighlightKind.Read },
    ]);
  });

  it("highlights a quantifier variable where it is bound and used", async () => {
    const at = positionOf(bankPolicy, "all(t in", 0, 4);
    const highlights = await session.request<DocumentHighlight[]>("textDocument/documentHighlight", { textDocument: { uri }, position: at });
    expect(highlights.map((h) => [h.range.start, h.kind])).toEqual([
      [at, DocumentHighlightKind.Write],
      [positionOf(bankPolicy, "lower(t)", 0, 6), DocumentHighlightKind.Read],
    ]);
  });

  it("highlights in a test file its own occurrences only", async () => {
    await session.open("file:///fixtures/tests/bank.apol", bankPolicy);
    const tests = await session.open("file:///fixtures/tests/bank.test.apol", bankTests);
    const highlights = await session.request<DocumentHighlight[]>("textDocument/documentHighlight", { textDocument: { uri: tests.uri }, position: positionOf(bankTests, "send_money", 0, 2) });
    expect(highlights).toEqual([
      { range: rangeOf(bankTests, "send_money"), kind: DocumentHighlightKind.Read },
      { range: rangeOf(bankTests, "send_money", 1), kind: DocumentHighlightKind.Read },
    ]);
  });
});
