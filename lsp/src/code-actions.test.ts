import { describe, expect, it } from "vitest";
import { CodeActionKind, type CodeAction } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

describe("code actions", () => {
  it("offers each diagnostic's fix as a quick fix, and declaring an unknown tool", async () => {
    const doc = await session().open("file:///actions/a.apol", "policy p\ntool send_money(amount: number)\nrule r {\n  allow <|send_mony|>\n}\n");
    const published = await session().diagnostics(doc.uri, 1);
    const actions = await session().request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: doc.uri },
      range: doc.ranges[0],
      context: { diagnostics: published.diagnostics },
    });
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred ?? false])).toEqual([
      ["replace with `send_money`", CodeActionKind.QuickFix, true],
      ["declare the tool `send_mony`", CodeActionKind.QuickFix, false],
    ]);
    expect(actions[0]?.edit).toEqual({ changes: { [doc.uri]: [{ range: doc.ranges[0], newText: "send_money" }] } });
    expect(actions[0]?.diagnostics?.map((d) => d.code)).toEqual(["apol/unknown-tool"]);
    expect(actions[1]?.edit).toEqual({
      changes: { [doc.uri]: [{ range: { start: { line: 1, character: 31 }, end: { line: 1, character: 31 } }, newText: "\ntool send_mony()" }] },
    });
  });

  it("declares an unknown tool before the first rule when no tool is declared", async () => {
    const doc = await session().open("file:///actions/first.apol", "policy p\n\nrule r {\n  allow <|fetch|>\n}\n");
    const actions = await session().request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: doc.uri },
      range: doc.ranges[0],
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.title)).toEqual(["declare the tool `fetch`"]);
    expect(actions[0]?.edit?.changes?.[doc.uri]).toEqual([
      { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 8 } }, newText: "\ntool fetch()" },
    ]);
  });

  it("offers nothing away from diagnostics", async () => {
    const doc = await session().open("file:///actions/none.apol", "policy p\n<|tool t()|>\nrule r { allow nope }\n");
    expect(await session().request("textDocument/codeAction", { textDocument: { uri: doc.uri }, range: doc.ranges[0], context: { diagnostics: [] } })).toEqual(
      [],
    );
  });

  it("fixes a test file in itself, and declares a tool it calls in its policy", async () => {
    const policy = await session().open("file:///actions/tests/p.apol", "policy p\ntool send_money(amount: number)\nrule r { allow send_money }\n");
    const tests = await session().open("file:///actions/tests/p.test.apol", 'test "x" {\n  call <|send_mony|>(amount: 1)\n  expect allow\n}\n');
    const actions = await session().request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: tests.uri },
      range: tests.ranges[0],
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => [a.title, a.edit])).toEqual([
      ["replace with `send_money`", { changes: { [tests.uri]: [{ range: tests.ranges[0], newText: "send_money" }] } }],
      [
        "declare the tool `send_mony`",
        { changes: { [policy.uri]: [{ range: { start: { line: 1, character: 31 }, end: { line: 1, character: 31 } }, newText: "\ntool send_mony()" }] } },
      ],
    ]);
  });
});
