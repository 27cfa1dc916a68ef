import { describe, expect, it } from "vitest";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

/** Every request the server serves, for one document and position. */
function everyRequest(uri: string, position: { line: number; character: number }): [string, object][] {
  const textDocument = { uri };
  const range = { start: { line: 0, character: 0 }, end: position };
  const options = { tabSize: 2, insertSpaces: true };
  return [
    ["textDocument/completion", { textDocument, position }],
    ["textDocument/hover", { textDocument, position }],
    ["textDocument/signatureHelp", { textDocument, position }],
    ["textDocument/definition", { textDocument, position }],
    ["textDocument/references", { textDocument, position, context: { includeDeclaration: true } }],
    ["textDocument/documentHighlight", { textDocument, position }],
    ["textDocument/documentSymbol", { textDocument }],
    ["workspace/symbol", { query: "" }],
    ["textDocument/foldingRange", { textDocument }],
    ["textDocument/selectionRange", { textDocument, positions: [position] }],
    ["textDocument/semanticTokens/full", { textDocument }],
    ["textDocument/semanticTokens/full/delta", { textDocument, previousResultId: "0" }],
    ["textDocument/formatting", { textDocument, options }],
    ["textDocument/rangeFormatting", { textDocument, range, options }],
    ["textDocument/codeAction", { textDocument, range, context: { diagnostics: [] } }],
    ["textDocument/codeLens", { textDocument }],
    ["textDocument/inlayHint", { textDocument, range }],
    ["workspace/executeCommand", { command: "apol.test.run", arguments: [uri] }],
  ];
}

describe("the server", () => {
  it("answers every request on empty, half-typed and binary documents, and logs no failure", async () => {
    const texts = ["", "policy p\nrule r { deny x when args.", "\u0000\uffff\ud800 rule { { (( ", 'policy p\ntool t(a: number)\ntest "x" { call t(a: '];
    for (const [i, text] of texts.entries()) {
      const uri = `file:///server/${i}.apol`;
      await session().client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "apol", version: 1, text } });
      for (const position of [
        { line: 0, character: 0 },
        { line: 1, character: 26 },
        { line: 9, character: 99 },
      ]) {
        for (const [method, params] of everyRequest(uri, position))
          await expect(session().request(method, params), `${method} on ${JSON.stringify(text)}`).resolves.not.toBeUndefined();
      }
    }
    expect(session().logs).toEqual([]);
  });

  it("answers requests for a document it does not know with empty results", async () => {
    const textDocument = { uri: "file:///server/unknown.apol" };
    expect(await session().request("textDocument/hover", { textDocument, position: { line: 0, character: 0 } })).toBeNull();
    expect(await session().request("textDocument/completion", { textDocument, position: { line: 0, character: 0 } })).toEqual([]);
    expect(await session().request("textDocument/documentSymbol", { textDocument })).toEqual([]);
    expect(await session().request("textDocument/semanticTokens/full", { textDocument })).toEqual({ data: [] });
  });

  it("announces every feature it serves, with incremental sync", () => {
    const capabilities = session().initialized.capabilities;
    expect(Object.keys(capabilities).sort()).toEqual([
      "codeActionProvider",
      "codeLensProvider",
      "completionProvider",
      "definitionProvider",
      "diagnosticProvider",
      "documentFormattingProvider",
      "documentHighlightProvider",
      "documentRangeFormattingProvider",
      "documentSymbolProvider",
      "executeCommandProvider",
      "foldingRangeProvider",
      "hoverProvider",
      "inlayHintProvider",
      "positionEncoding",
      "referencesProvider",
      "renameProvider",
      "selectionRangeProvider",
      "semanticTokensProvider",
      "signatureHelpProvider",
      "textDocumentSync",
      "workspace",
      "workspaceSymbolProvider",
    ]);
    expect(capabilities["textDocumentSync"]).toEqual({ openClose: true, change: 2 });
    expect(capabilities["renameProvider"]).toEqual({ prepareProvider: true });
    expect(capabilities["executeCommandProvider"]).toEqual({ commands: ["apol.test.run", "apol.test.evaluate", "apol.check.report", "apol.compile.module"] });
    expect(capabilities["semanticTokensProvider"]).toMatchObject({ full: { delta: true } });
    expect(session().initialized.serverInfo).toEqual({ name: "apol-lsp", version: "0.1.0" });
  });
});
