import { describe, expect, it } from "vitest";
import { format } from "@apol/compiler";
import type { TextEdit } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

const messy = "policy p\ntool t(a:number)\nrule r {\n allow t\n    when args.a>1\n}\nrule q {   deny t   }\n";
/** The compiler's layout is the formatter's business; these tests check that the edits reproduce it. */
const formatted = format(messy).text;

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split("\n");
  const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start)))
    out = out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end));
  return out;
}

const options = { tabSize: 2, insertSpaces: true };

describe("formatting", () => {
  it("formats the whole document with the compiler's formatter, as a few line edits", async () => {
    const doc = await session().open("file:///format/a.apol", messy);
    const edits = await session().request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: doc.uri }, options });
    expect(formatted).not.toBe(messy);
    expect(apply(messy, edits)).toBe(formatted);
    // `policy p` is kept, not rewritten: the edits cover changed lines only.
    expect(edits.some((e) => e.range.start.line === 0)).toBe(false);
  });

  it("formats only the lines a range touches", async () => {
    const doc = await session().open("file:///format/range.apol", messy);
    const edits = await session().request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri: doc.uri },
      range: { start: { line: 6, character: 0 }, end: { line: 6, character: 5 } },
      options,
    });
    const result = apply(messy, edits);
    // The lines before the range stay as they were; the rule in the range is laid out as the formatter lays it out.
    expect(result.startsWith(messy.slice(0, messy.indexOf("rule q")))).toBe(true);
    expect(result.endsWith(formatted.slice(formatted.indexOf("rule q")))).toBe(true);
    expect(result).not.toBe(messy);
    expect(result).not.toBe(formatted);
  });

  it("edits no line outside the selection, even where the formatter changed a stretch across its edge", async () => {
    const doc = await session().open("file:///format/selection.apol", messy);
    const edits = await session().request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri: doc.uri },
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } },
      options,
    });
    expect(edits.every((e) => e.range.start.line === 3 && e.range.end.line <= 4)).toBe(true);
    expect(apply(messy, edits)).toBe(messy.replace("\n allow t\n", "\n  allow t\n"));
  });

  it("returns no edits for a formatted document, and for one with syntax errors says why", async () => {
    const clean = await session().open("file:///format/clean.apol", formatted);
    expect(await session().request("textDocument/formatting", { textDocument: { uri: clean.uri }, options })).toEqual([]);
    const broken = await session().open("file:///format/broken.apol", "policy p\nrule r {   allow\n");
    expect(await session().request("textDocument/formatting", { textDocument: { uri: broken.uri }, options })).toEqual([]);
    expect(session().messages.at(-1)?.message).toMatch(/^cannot format: line 2 has a syntax error: /);
  });

  it("formats a test file on its own, not its policy", async () => {
    await session().open("file:///format/tests/a.apol", messy);
    const tests = 'test "x" {\n call  t(a:1)\n  expect allow\n}\n\ntest "y" {\n  call t(a: 2)\n    expect deny\n}\n';
    const doc = await session().open("file:///format/tests/a.test.apol", tests);
    const edits = await session().request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: doc.uri }, options });
    expect(apply(tests, edits)).toBe('test "x" {\n  call t(a: 1)\n  expect allow\n}\n\ntest "y" {\n  call t(a: 2)\n  expect deny\n}\n');
    const ranged = await session().request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri: doc.uri },
      range: { start: { line: 7, character: 0 }, end: { line: 7, character: 3 } },
      options,
    });
    expect(apply(tests, ranged)).toBe('test "x" {\n call  t(a:1)\n  expect allow\n}\n\ntest "y" {\n  call t(a: 2)\n  expect deny\n}\n');
  });
});
