// Tools named as MCP spells them (`"create-issue"`): completion, hover, go-to-definition, rename and semantic tokens.
import { describe, expect, it } from "vitest";
import type { CompletionItem, Hover, Location, SemanticTokens, WorkspaceEdit } from "vscode-languageserver";
import { legend } from "./semantic-tokens.js";
import { applyWorkspaceEdit, cursorAt, rangeAt, serverFixture } from "./test-support/fixture.js";

const uri = "file:///fixtures/mcp.apol";
const policy = `policy mcp
/// Opens an issue in a repository.
tool "create-issue"(repo: string, title: string) tier 1
tool "fs/write"(path: string, bytes: int)
tool send(to: string)
rule issues { allow "create-issue" when count("create-issue", 1h) < 5 }
rule writes { allow "fs/write" when args.bytes > 0 and sum("fs/write".bytes, 1h) < 100 }
rule mail { allow "send" }
test "an issue" {
  call "create-issue"(repo: "acme/api", title: "t")
  expect allow by issues
}
`;
const session = serverFixture({ [uri]: policy });
const at = (snippet: string) => ({ textDocument: { uri }, position: cursorAt(policy, snippet) });

const apply = (edit: WorkspaceEdit): string => applyWorkspaceEdit(policy, edit, uri);

describe("quoted tool names in the language server", () => {
  it("offers a quoted tool with its quotes, after an effect", async () => {
    const doc = await session().open("file:///fixtures/mcp-complete.apol", `${policy}rule r { deny cr<|> }\n`);
    const items = await session().request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: doc.uri }, position: doc.positions[0] });
    const item = items.find((i) => i.label === '"create-issue"');
    expect(item?.detail).toBe('tool "create-issue"(repo: string, title: string) tier 1');
    expect((item?.textEdit as { newText: string } | undefined)?.newText).toBe('"create-issue"');
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['"fs/write"', "send"]));
  });

  it("shows a quoted tool's signature and doc comment on its use, over the whole quoted name", async () => {
    const h = await session().request<Hover | null>("textDocument/hover", at('count("create-<|>issue"'));
    expect((h?.contents as { value: string }).value).toBe(
      '```apol\ntool "create-issue"(repo: string, title: string) tier 1\n```\n\nOpens an issue in a repository.',
    );
    expect(h?.range).toEqual(rangeAt(policy, 'count(<|"create-issue"|>'));
  });

  it('goes from a quoted tool in a target, a history function, `sum` and a test call to its declaration, and from `"send"` to `send`', async () => {
    const declaration = [{ uri, range: rangeAt(policy, 'tool <|"create-issue"|>(') }];
    expect(await session().request<Location[]>("textDocument/definition", at('allow "cr<|>eate-issue"'))).toEqual(declaration);
    expect(await session().request<Location[]>("textDocument/definition", at('count("cr<|>eate-issue"'))).toEqual(declaration);
    expect(await session().request<Location[]>("textDocument/definition", at('call "cr<|>eate-issue"'))).toEqual(declaration);
    expect(await session().request<Location[]>("textDocument/definition", at('sum("fs<|>/write"'))).toEqual([
      { uri, range: rangeAt(policy, 'tool <|"fs/write"|>(') },
    ]);
    expect(await session().request<Location[]>("textDocument/definition", at('allow "s<|>end"'))).toEqual([{ uri, range: rangeAt(policy, "tool <|send|>(") }]);
  });

  it("renames a quoted tool everywhere, quoting the new name only where it must", async () => {
    const quoted = apply(await session().request<WorkspaceEdit>("textDocument/rename", { ...at('allow "cr<|>eate-issue"'), newName: "github.create-issue" }));
    expect(quoted).not.toContain('"create-issue"');
    expect(quoted.match(/"github\.create-issue"/g)?.length).toBe(4);
    const bare = apply(await session().request<WorkspaceEdit>("textDocument/rename", { ...at('sum("fs<|>/write"'), newName: '"write_file"' }));
    expect(bare).toContain("tool write_file(path: string, bytes: int)");
    expect(bare).toContain("sum(write_file.bytes, 1h)");
    const toQuoted = apply(await session().request<WorkspaceEdit>("textDocument/rename", { ...at("tool s<|>end"), newName: "mail/send" }));
    expect(toQuoted).toContain('tool "mail/send"(to: string)');
    expect(toQuoted).toContain('rule mail { allow "mail/send" }');
  });

  it("refuses a new tool name MCP does not allow", async () => {
    await expect(session().request("textDocument/rename", { ...at('allow "cr<|>eate-issue"'), newName: "create issue" })).rejects.toThrow(
      "`create issue` cannot name a tool: a tool name has only letters, digits, `_`, `-`, `.` and `/`",
    );
  });

  it("colours a quoted tool as a tool, not a string", async () => {
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    const lines = policy.split("\n");
    const rows: [string, string][] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < result.data.length; i += 5) {
      const [dl, dc, length, type] = result.data.slice(i, i + 5) as [number, number, number, number];
      line += dl;
      character = dl === 0 ? character + dc : dc;
      rows.push([(lines[line] ?? "").slice(character, character + length), legend.tokenTypes[type] as string]);
    }
    expect(rows.filter(([text]) => text.startsWith('"create-issue"') || text === '"fs/write"' || text === '"send"').map(([, type]) => type)).toEqual(
      Array(8).fill("tool"),
    );
  });
});
