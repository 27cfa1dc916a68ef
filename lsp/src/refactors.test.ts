import { describe, expect, it } from "vitest";
import { CodeActionKind, type CodeAction } from "vscode-languageserver";
import { analyze } from "./analysis.js";
import { applyWorkspaceEdit, serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

const policy = `policy p
enum Env { dev, prod }
tool deploy(service: string, env: Env, count: int, note?: string)
rule small {
  allow deploy
  when args.count <= 3
}
`;

const actionsAt = async (uri: string, marked: string): Promise<{ text: string; actions: CodeAction[] }> => {
  const doc = await session().open(uri, marked);
  const range = doc.ranges[0] ?? { start: doc.positions[0], end: doc.positions[0] };
  return {
    text: doc.text,
    actions: await session().request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics: [] } }),
  };
};

describe("refactorings", () => {
  it("adds a test for the rule under the cursor that calls its tool and expects it to decide, and the test checks", async () => {
    const uri = "file:///refactors/test.apol";
    const { text, actions } = await actionsAt(uri, policy.replace("rule small", "rule sm<|>all"));
    expect(actions.map((a) => [a.title, a.kind])).toEqual([["add a test for rule `small`", CodeActionKind.Refactor]]);
    const added = applyWorkspaceEdit(text, actions[0]?.edit ?? {}, uri);
    expect(added.slice(text.length)).toBe('\ntest "small allows deploy" {\n  call deploy(service: "", env: dev, count: 0)\n  expect allow by small\n}\n');
    expect(analyze(uri, 1, added).diagnostics).toEqual([]);
  });

  it("extracts a selected literal into a const declared before the first rule", async () => {
    const uri = "file:///refactors/extract.apol";
    const { text, actions } = await actionsAt(uri, policy.replace("<= 3", "<= <|3|>"));
    expect(actions.map((a) => [a.title, a.kind])).toEqual([["extract `3` into a const", CodeActionKind.RefactorExtract]]);
    const extracted = applyWorkspaceEdit(text, actions[0]?.edit ?? {}, uri);
    expect(extracted).toContain("const extracted = 3\n\nrule small {\n  allow deploy\n  when args.count <= extracted\n}");
    expect(analyze(uri, 1, extracted).diagnostics).toEqual([]);
  });
});
