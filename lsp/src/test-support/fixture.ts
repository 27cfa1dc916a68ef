// The language-server tests' fixture: one server per test file with its documents open, and positions written as `<|>` markers in a snippet of a document instead of a needle, an occurrence count and an offset.
import { afterAll, beforeAll } from "vitest";
import type { Position, Range, WorkspaceEdit } from "vscode-languageserver";
import { LineIndex } from "@apol/compiler";
import { startSession, type TestSession } from "./client.js";
import { parseMarkers } from "./markers.js";

/**
 * Starts a server before the file's tests, opening `documents` (by uri, unmarked text), and shuts it
 * down after them. The returned function gives the running session.
 */
export function serverFixture(documents: Readonly<Record<string, string>> = {}, options: Parameters<typeof startSession>[0] = {}): () => TestSession {
  let session: TestSession | undefined;
  beforeAll(async () => {
    session = await startSession(options);
    for (const [uri, text] of Object.entries(documents)) await session.open(uri, text);
  });
  afterAll(() => session?.close());
  return () => {
    if (!session) throw new Error("the server fixture is used outside a test");
    return session;
  };
}

/**
 * Where a marked snippet stands in `text`: `snippet` with its markers removed must occur in `text`
 * exactly once (so a test names the place it means, never the nth match); the markers' positions and
 * ranges are returned as LSP positions in `text`.
 */
export function locate(text: string, snippet: string): { positions: Position[]; ranges: Range[] } {
  const marked = parseMarkers(snippet);
  const at = text.indexOf(marked.text);
  if (at === -1) throw new Error(`\`${marked.text}\` does not occur in the text`);
  if (text.indexOf(marked.text, at + 1) !== -1) throw new Error(`\`${marked.text}\` occurs more than once in the text: widen the snippet`);
  const index = new LineIndex(text);
  const position = (offset: number): Position => {
    const p = index.position(at + offset);
    return { line: p.line - 1, character: p.column - 1 };
  };
  return { positions: marked.positions.map(position), ranges: marked.ranges.map((r) => ({ start: position(r.start), end: position(r.end) })) };
}

/** The position of the one `<|>` in `snippet` (see `locate`). */
export function cursorAt(text: string, snippet: string): Position {
  const [position, ...more] = locate(text, snippet).positions;
  if (!position || more.length > 0) throw new Error(`\`${snippet}\` needs exactly one \`<|>\``);
  return position;
}

/** The range of the one `<|...|>` in `snippet` (see `locate`). */
export function rangeAt(text: string, snippet: string): Range {
  const [range, ...more] = locate(text, snippet).ranges;
  if (!range || more.length > 0) throw new Error(`\`${snippet}\` needs exactly one \`<|...|>\``);
  return range;
}

/** Applies a workspace edit's changes for the document `target` to its `text`. */
export function applyWorkspaceEdit(text: string, edit: WorkspaceEdit, target: string): string {
  const lines = text.split("\n");
  const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...(edit.changes?.[target] ?? [])].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end));
  return out;
}
