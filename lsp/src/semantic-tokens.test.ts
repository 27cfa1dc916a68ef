import { describe, expect, it } from "vitest";
import type { SemanticTokens, SemanticTokensDelta } from "vscode-languageserver";
import { legend } from "./semantic-tokens.js";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

/** Decodes the LSP encoding back into `[line, character, text, type, modifiers]` rows. */
function decode(text: string, data: readonly number[]): [number, number, string, string, string[]][] {
  const lines = text.split("\n");
  const rows: [number, number, string, string, string[]][] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, length, type, mods] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += dl;
    character = dl === 0 ? character + dc : dc;
    const modifiers = legend.tokenModifiers.filter((_, bit) => (mods & (1 << bit)) !== 0);
    rows.push([line, character, (lines[line] ?? "").slice(character, character + length), legend.tokenTypes[type] as string, modifiers]);
  }
  return rows;
}

const text = `policy p
/// Roles.
enum Role { admin }
user { role: Role }
tool t(n: number, s: string) tags money
const k = 3
rule r {
  deny tagged money
  when args.n > k and user.role == admin and count(t, 1h) > 2 and lower(args.s) == "x"
}
`;

describe("semantic tokens", () => {
  it("gives `args` one type in `args.x` and in `it.args.x`", async () => {
    const source = "policy p\ntool t(n: number)\nrule r { deny t when args.n > 1 and count(t where it.args.n > 2, 1h) > 0 }\n";
    const doc = await session().open("file:///tokens/it-args.apol", source);
    const rows = decode(source, (await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } })).data);
    expect(rows.filter((r) => r[2] === "args" || r[2] === "it").map((r) => [r[2], r[3], r[4]])).toEqual([
      ["args", "variable", ["defaultLibrary"]],
      ["it", "variable", ["defaultLibrary"]],
      ["args", "variable", ["defaultLibrary"]],
    ]);
  });

  it("classifies keywords, tools, arguments, fields, enum members, consts, rules, functions and literals", async () => {
    const doc = await session().open("file:///tokens/a.apol", text);
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    expect(decode(text, result.data)).toEqual([
      [0, 0, "policy", "keyword", []],
      [0, 7, "p", "namespace", ["declaration"]],
      [1, 0, "/// Roles.", "comment", ["documentation"]],
      [2, 0, "enum", "keyword", []],
      [2, 5, "Role", "enum", ["declaration", "definition"]],
      [2, 12, "admin", "enumMember", ["declaration", "definition"]],
      [3, 0, "user", "keyword", []],
      [3, 7, "role", "property", ["declaration"]],
      [3, 13, "Role", "enum", []],
      [4, 0, "tool", "keyword", []],
      [4, 5, "t", "tool", ["declaration"]],
      [4, 7, "n", "parameter", ["declaration"]],
      [4, 10, "number", "type", ["defaultLibrary"]],
      [4, 18, "s", "parameter", ["declaration"]],
      [4, 21, "string", "type", ["defaultLibrary"]],
      [4, 29, "tags", "keyword", []],
      [4, 34, "money", "label", ["declaration"]],
      [5, 0, "const", "keyword", []],
      [5, 6, "k", "variable", ["declaration", "definition", "readonly"]],
      [5, 8, "=", "operator", []],
      [5, 10, "3", "number", []],
      [6, 0, "rule", "keyword", []],
      [6, 5, "r", "rule", ["declaration", "definition"]],
      [7, 2, "deny", "keyword", []],
      [7, 7, "tagged", "keyword", []],
      [7, 14, "money", "label", []],
      [8, 2, "when", "keyword", []],
      [8, 7, "args", "variable", ["defaultLibrary"]],
      [8, 12, "n", "parameter", []],
      [8, 14, ">", "operator", []],
      [8, 16, "k", "variable", ["readonly"]],
      [8, 18, "and", "keyword", []],
      [8, 22, "user", "variable", ["defaultLibrary"]],
      [8, 27, "role", "property", []],
      [8, 32, "==", "operator", []],
      [8, 35, "admin", "enumMember", []],
      [8, 41, "and", "keyword", []],
      [8, 45, "count", "function", ["defaultLibrary"]],
      [8, 51, "t", "tool", []],
      [8, 54, "1h", "duration", []],
      [8, 58, ">", "operator", []],
      [8, 60, "2", "number", []],
      [8, 62, "and", "keyword", []],
      [8, 66, "lower", "function", ["defaultLibrary"]],
      [8, 72, "args", "variable", ["defaultLibrary"]],
      [8, 77, "s", "parameter", []],
      [8, 80, "==", "operator", []],
      [8, 83, '"x"', "string", []],
    ]);
  });

  it("answers a delta request with edits against the previous result", async () => {
    const doc = await session().open("file:///tokens/delta.apol", text);
    const first = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    // Rename the const `k` to `kk` in its declaration only: one token grows, the use becomes unknown.
    await session().change(doc, { range: { start: { line: 5, character: 6 }, end: { line: 5, character: 7 } }, text: "kk" });
    const delta = await session().request<SemanticTokensDelta>("textDocument/semanticTokens/full/delta", {
      textDocument: { uri: doc.uri },
      previousResultId: first.resultId,
    });
    expect(delta.resultId).not.toBe(first.resultId);
    expect(delta.edits.length).toBe(1);
    const edit = delta.edits[0] as { start: number; deleteCount: number; data?: number[] };
    const patched = [...first.data];
    patched.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
    const full = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    expect(patched).toEqual(full.data);
    expect(decode(text.replace("const k", "const kk"), full.data)).toContainEqual([5, 6, "kk", "variable", ["declaration", "definition", "readonly"]]);
  });

  it("answers a delta request for an unknown result with full tokens", async () => {
    const doc = await session().open("file:///tokens/unknown.apol", text);
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full/delta", {
      textDocument: { uri: doc.uri },
      previousResultId: "nope",
    });
    expect(result.data.length).toBe(48 * 5);
  });

  it("classifies the symbols of the built-in `Weekday` as enum members of the default library", async () => {
    const source = "policy p\ntool t()\nrule r { allow t when now.weekday == mon }\n";
    const doc = await session().open("file:///tokens/weekday.apol", source);
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    expect(
      decode(source, result.data)
        .filter(([line]) => line === 2)
        .slice(-4),
    ).toEqual([
      [2, 22, "now", "variable", ["defaultLibrary"]],
      [2, 26, "weekday", "property", []],
      [2, 34, "==", "operator", []],
      [2, 37, "mon", "enumMember", ["defaultLibrary"]],
    ]);
  });

  it("classifies union types and `is` tests: the keyword, `|`, built-in types and enums", async () => {
    const source = "policy p\nenum Role { a }\ntool t(x: string | Role[])\nrule r { allow t when args.x is Role[] | string }\n";
    const doc = await session().open("file:///tokens/unions.apol", source);
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    const rows = decode(source, result.data);
    expect(rows.filter(([line]) => line === 2).slice(-3)).toEqual([
      [2, 10, "string", "type", ["defaultLibrary"]],
      [2, 17, "|", "operator", []],
      [2, 19, "Role", "enum", []],
    ]);
    expect(rows.filter(([line]) => line === 3).slice(-4)).toEqual([
      [3, 29, "is", "keyword", []],
      [3, 32, "Role", "enum", []],
      [3, 39, "|", "operator", []],
      [3, 41, "string", "type", ["defaultLibrary"]],
    ]);
  });

  it("splits a block comment over several lines into one token per line", async () => {
    const doc = await session().open("file:///tokens/block.apol", "policy p\n/* one\n   two */\n");
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    expect(decode("policy p\n/* one\n   two */\n", result.data).slice(2)).toEqual([
      [1, 0, "/* one", "comment", []],
      [2, 0, "   two */", "comment", []],
    ]);
  });

  it("classifies a test file's own text, its names as its policy declares them", async () => {
    await session().open("file:///tokens/tests/p.apol", text);
    const tests = 'test "x" {\n  call t(n: 4, s: "a")\n  expect deny by r\n}\n';
    const doc = await session().open("file:///tokens/tests/p.test.apol", tests);
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    expect(decode(tests, result.data)).toEqual([
      [0, 0, "test", "keyword", []],
      [0, 5, '"x"', "string", []],
      [1, 2, "call", "keyword", []],
      [1, 7, "t", "tool", []],
      [1, 9, "n", "parameter", []],
      [1, 12, "4", "number", []],
      [1, 15, "s", "parameter", []],
      [1, 18, '"a"', "string", []],
      [2, 2, "expect", "keyword", []],
      [2, 9, "deny", "keyword", []],
      [2, 14, "by", "keyword", []],
      [2, 17, "r", "rule", []],
    ]);
  });

  it("makes `unchecked` after a test call's `)` and `output` after `expect` keywords, and `unchecked` stays a tool's name elsewhere", async () => {
    const source =
      'policy p\ntool unchecked(n: int)\nrule r { allow unchecked }\ntest "x" {\n  call unchecked(n: "4") unchecked returns { a: 1 }\n  expect allow\n  expect output { a: 1 }\n}\n';
    const doc = await session().open("file:///tokens/unchecked.apol", source);
    const result = await session().request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } });
    const tokens = decode(source, result.data);
    expect(tokens.filter(([line]) => line === 4).slice(0, 6)).toEqual([
      [4, 2, "call", "keyword", []],
      [4, 7, "unchecked", "tool", []],
      [4, 17, "n", "parameter", []],
      [4, 20, '"4"', "string", []],
      [4, 25, "unchecked", "keyword", []],
      [4, 35, "returns", "keyword", []],
    ]);
    expect(tokens.filter(([line]) => line === 6).slice(0, 2)).toEqual([
      [6, 2, "expect", "keyword", []],
      [6, 9, "output", "keyword", []],
    ]);
  });
});
