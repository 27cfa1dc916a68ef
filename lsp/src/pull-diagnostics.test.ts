import { describe, expect, it, vi } from "vitest";
import {
  CancellationTokenSource,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture(
  {},
  { capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } } },
);

const pull = (uri: string, previousResultId?: string) =>
  session().request<DocumentDiagnosticReport & { resultId?: string; items?: Diagnostic[] }>("textDocument/diagnostic", {
    textDocument: { uri },
    ...(previousResultId ? { previousResultId } : {}),
  });
const summary = (d: Diagnostic) => ({ code: d.code, range: d.range, severity: d.severity, source: d.source });

describe("pull diagnostics", () => {
  it("answers a document's diagnostics when asked, says when they are unchanged, and pushes none", async () => {
    expect(session().initialized.capabilities.diagnosticProvider).toEqual({ identifier: "apol", interFileDependencies: true, workspaceDiagnostics: false });
    const doc = await session().open("file:///pull/a.apol", "policy p\ntool send(to: string)\nrule r { allow <|sned|> }\n");
    const first = await pull(doc.uri);
    expect(first.kind).toBe(DocumentDiagnosticReportKind.Full);
    expect(first.items?.map(summary)).toEqual([{ code: "apol/unknown-tool", range: doc.ranges[0], severity: DiagnosticSeverity.Error, source: undefined }]);
    expect(await pull(doc.uri, first.resultId)).toEqual({ kind: DocumentDiagnosticReportKind.Unchanged, resultId: first.resultId });

    // Asked at once after a change, the answer is of the changed text.
    await session().change(doc, { range: doc.ranges[0] as Diagnostic["range"], text: "send" });
    const second = await pull(doc.uri, first.resultId);
    expect(second).toMatchObject({ kind: DocumentDiagnosticReportKind.Full, items: [] });
    expect(second.resultId).not.toBe(first.resultId);
    expect(session().published.filter((p) => p.uri === doc.uri)).toEqual([]);
  });

  it("answers a pull cancelled by a change with a cancellation, never with an empty report that would clear the squiggles", async () => {
    const doc = await session().open("file:///pull/c.apol", "policy p\ntool send(to: string)\nrule r { allow <|sned|> }\n");
    // Asked right after a change, the pull waits for the re-check; the client cancels it when the next key changes the text.
    await session().change(doc, { range: doc.ranges[0] as Diagnostic["range"], text: "snedd" });
    const cancel = new CancellationTokenSource();
    const cancelled = session().client.sendRequest("textDocument/diagnostic", { textDocument: { uri: doc.uri } }, cancel.token);
    await session().change(doc, {
      range: { start: doc.ranges[0]!.start, end: { ...doc.ranges[0]!.start, character: doc.ranges[0]!.start.character + 5 } },
      text: "sneddd",
    });
    cancel.cancel();
    await expect(cancelled).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    const next = await pull(doc.uri);
    const start = doc.ranges[0]!.start;
    expect(next.items?.filter((d) => d.code === "apol/unknown-tool").map((d) => d.range)).toEqual([
      { start, end: { ...start, character: start.character + 6 } },
    ]);
  });

  it("answers without waiting for the lints, asks the client to pull again once they are known, and keeps shown lint warnings", async () => {
    let refreshes = 0;
    session().client.onRequest("workspace/diagnostic/refresh", () => {
      refreshes++;
      return null;
    });
    // Two rules allowing the same tool: a lint finding.
    const doc = await session().open("file:///pull/lints.apol", "policy p\ntool a()\nrule r { allow a }\nrule <|again|> { allow a }\n");
    const first = await pull(doc.uri);
    expect(first.items).toEqual([]);
    await vi.waitFor(() => expect(refreshes).toBe(1));
    const linted = await pull(doc.uri, first.resultId);
    expect(linted.kind).toBe(DocumentDiagnosticReportKind.Full);
    const lint = linted.items?.map((d) => d.code);
    expect(lint).toHaveLength(1);
    // A change that keeps the finding answers with it at once: the warning does not blink off.
    await session().change(doc, { range: doc.ranges[0] as Diagnostic["range"], text: "twice" });
    expect((await pull(doc.uri, linted.resultId)).items?.map((d) => d.code)).toEqual(lint);
  });

  it("includes the failures of the last test run, and asks the client to pull again after a run", async () => {
    let refreshes = 0;
    session().client.onRequest("workspace/diagnostic/refresh", () => {
      refreshes++;
      return null;
    });
    const doc = await session().open(
      "file:///pull/t.apol",
      'policy p\ntool send(to: string)\nrule r { allow send }\ntest "t" {\n  call send(to: "x")\n  <|expect deny|>\n}\n',
    );
    const before = await pull(doc.uri);
    expect(before.items).toEqual([]);
    await session().request("workspace/executeCommand", { command: "apol.test.run", arguments: [doc.uri] });
    await vi.waitFor(() => expect(refreshes).toBe(1));
    const after = await pull(doc.uri, before.resultId);
    expect(after.items?.map((d) => ({ range: d.range, source: d.source }))).toEqual([{ range: doc.ranges[0], source: "apol test" }]);
  });
});
