import { format } from "@apol/compiler";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeLens, CompletionItem, DocumentSymbol, Hover, InlayHint, Location, SemanticTokens, TextEdit } from "vscode-languageserver";
import type { OpenDocument } from "./test-support/client.js";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();
let doc: OpenDocument;
const uri = "file:///editing/session.apol";
const text = `policy p
tool send(amount: number)
const limit = 10
rule small {
  allow send
  when args.amount < limit
}
test "small" {
  call send(amount: 1)
  expect allow
}
`;
beforeAll(async () => {
  doc = await session().open(uri, text);
});

const textDocument = { uri };
const options = { tabSize: 2, insertSpaces: true };
/** Inserts `inserted` at a position (an incremental change). */
const insert = (line: number, character: number, inserted: string) =>
  session().change(doc, { range: { start: { line, character }, end: { line, character } }, text: inserted });
/** Deletes `length` characters at a position. */
const remove = (line: number, character: number, length: number) =>
  session().change(doc, { range: { start: { line, character }, end: { line, character: character + length } }, text: "" });

/** What the features say about the current text. */
async function features() {
  const hover = await session().request<Hover | null>("textDocument/hover", { textDocument, position: { line: 4, character: 9 } });
  return {
    diagnostics: (await session().diagnostics(uri, doc.version)).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    hover: (hover?.contents as { value: string } | undefined)?.value.split("\n")[1],
    definition: (await session().request<Location[]>("textDocument/definition", { textDocument, position: { line: 5, character: 22 } })).map(
      (l) => l.range.start.line,
    ),
    symbols: (await session().request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument })).map((s) => s.name),
    tokens: (await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument })).data.length / 5,
    lenses: (await session().request<CodeLens[]>("textDocument/codeLens", { textDocument })).map((l) => l.command?.title),
    hints: (
      await session().request<InlayHint[]>("textDocument/inlayHint", {
        textDocument,
        range: { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } },
      })
    ).map((h) => h.label),
    formats: (await session().request<TextEdit[]>("textDocument/formatting", { textDocument, options })).length > 0,
  };
}

describe("an editing session", () => {
  it("keeps every feature working while an edit breaks the file, and after the fix", async () => {
    // 27 classified tokens (punctuation is not classified).
    const clean = {
      diagnostics: [],
      hover: "tool send(amount: number)",
      definition: [2],
      symbols: ["p", "send", "limit", "small", "small"],
      tokens: 27,
      lenses: ["▶ run all tests", "▶ run test", "expects allow", "▶ evaluate"],
      hints: [": int"],
      // The text is not in the formatter's layout, so formatting has edits to offer.
      formats: format(text).changed,
    };
    expect(await features()).toEqual(clean);

    // Type ` and` after `limit`: the condition misses its right operand (reported in the gap after `and`).
    await insert(5, 26, " and");
    const broken = await features();
    expect(broken.diagnostics).toEqual([["apol/syntax-error", 5, 30]]);
    // The rest of the file still parses and checks: navigation, the outline and the lenses are unaffected.
    expect(broken.hover).toBe(clean.hover);
    expect(broken.definition).toEqual([2]);
    expect(broken.symbols).toEqual(clean.symbols);
    expect(broken.lenses).toEqual(clean.lenses);
    expect(broken.hints).toEqual([": int"]);
    // The formatter refuses to guess a layout around a syntax error.
    expect(broken.formats).toBe(false);

    // Completion reads the current text: the rule's targets decide what `args.` offers.
    await insert(5, 30, " args.");
    const completion = await session().request<CompletionItem[]>("textDocument/completion", { textDocument, position: { line: 5, character: 36 } });
    expect(completion.map((i) => i.label)).toEqual(["amount"]);

    await remove(5, 26, 10);
    expect(await features()).toEqual(clean);
  });
});
