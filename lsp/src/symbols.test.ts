import { describe, expect, it } from "vitest";
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from "vscode-languageserver";
import { rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy, bankTests } from "./test-support/fixtures.js";

const uri = "file:///fixtures/symbols.apol";
const session = serverFixture({ [uri]: bankPolicy });

type Outline = [string, SymbolKind, string | undefined, Outline[]?];
const outline = (symbols: readonly DocumentSymbol[]): Outline[] =>
  symbols.map((s) => (s.children ? [s.name, s.kind, s.detail, outline(s.children)] : [s.name, s.kind, s.detail]));

describe("document symbols", () => {
  it("outlines the policy, enums, shapes, tools, consts, rules and tests", async () => {
    const symbols = await session().request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(outline(symbols)).toEqual([
      ["bank", SymbolKind.Module, "policy"],
      [
        "Role",
        SymbolKind.Enum,
        "enum",
        [
          ["admin", SymbolKind.EnumMember, "Role"],
          ["teller", SymbolKind.EnumMember, "Role"],
        ],
      ],
      [
        "user",
        SymbolKind.Struct,
        "shape",
        [
          ["id", SymbolKind.Field, "string"],
          ["role", SymbolKind.Field, "Role"],
          ["teams", SymbolKind.Field, "string[]"],
        ],
      ],
      [
        "send_money",
        SymbolKind.Function,
        "(recipient: string, amount: number, memo?: string)",
        [
          ["recipient", SymbolKind.Field, "string"],
          ["amount", SymbolKind.Field, "number"],
          ["memo", SymbolKind.Field, "?string"],
        ],
      ],
      [
        "send_email",
        SymbolKind.Function,
        "(to: string[], amount: int)",
        [
          ["to", SymbolKind.Field, "string[]"],
          ["amount", SymbolKind.Field, "int"],
        ],
      ],
      ["limit", SymbolKind.Constant, "int"],
      ["approvers", SymbolKind.Constant, "string[]"],
      ["small", SymbolKind.Event, "allow send_money"],
      ["large", SymbolKind.Event, "review send_money, send_email"],
      ["cap", SymbolKind.Event, "deny send_money"],
      ["tellers send small amounts", SymbolKind.Method, "expects allow"],
    ]);
    const small = symbols.find((s) => s.name === "small");
    expect(small?.selectionRange).toEqual(rangeAt(bankPolicy, "rule <|small|>"));
    expect(small?.range).toEqual({ start: { line: 11, character: 0 }, end: { line: 14, character: 1 } });
  });

  it("names a declaration the parser could not name", async () => {
    const doc = await session().open("file:///fixtures/unnamed.apol", "policy p\nrule {\n  allow x\n}\n");
    const symbols = await session().request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: doc.uri } });
    expect(symbols.map((s) => s.name)).toEqual(["p", "(unnamed)"]);
  });

  it("outlines a test file's own tests, and lists each declaration once in the workspace", async () => {
    await session().open("file:///fixtures/tests/bank.apol", bankPolicy);
    const tests = await session().open("file:///fixtures/tests/bank.test.apol", bankTests);
    const symbols = await session().request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: tests.uri } });
    expect(outline(symbols)).toEqual([
      ["a teller sends a small amount", SymbolKind.Method, "expects allow"],
      ["an admin's large transfer needs approval", SymbolKind.Method, "expects review"],
    ]);
    expect(symbols[0]?.selectionRange).toEqual(rangeAt(bankTests, '<|"a teller sends a small amount"|>'));
    const found = await session().request<SymbolInformation[]>("workspace/symbol", { query: "tellers" });
    const inPolicy = rangeAt(bankPolicy, '<|"tellers send small amounts"|>');
    expect(found.map((s) => [s.name, s.location.uri, s.location.range])).toEqual([
      ["tellers send small amounts", uri, inPolicy],
      ["tellers send small amounts", "file:///fixtures/tests/bank.apol", inPolicy],
      ["a teller sends a small amount", tests.uri, symbols[0]?.selectionRange],
    ]);
  });
});
