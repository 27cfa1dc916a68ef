// Finds the top-level declaration around an offset in text that may not parse, so completion and signature help lex only that.
import { keywordSpecs, maxSourceLength, shapeKinds, type Span } from "@apol/compiler";

const declarationWords = keywordSpecs.filter((k) => k.role === "declaration").map((k) => k.word);

/**
 * A line that starts a declaration: a declaration keyword at the very start of the line, or a
 * shape keyword followed by `{`. Declarations start at column 0 in formatted code; an indented
 * one is found as part of the declaration above, which only costs completion some speed.
 */
const declarationLine = new RegExp(`^(?:(?:${declarationWords.join("|")})(?![A-Za-z0-9_])|(?:${shapeKinds.join("|")})\\s*\\{)`);

/**
 * The span from the start of the line that begins the declaration around `offset` to the start
 * of the next one. A chunk longer than the compiler reads (`maxSourceLength`) is the empty span
 * at `offset`: lexing it on every keystroke would freeze the editor, and the document's one
 * diagnostic already says it is too large.
 */
export function declarationAround(text: string, offset: number): Span {
  const chunk = chunkAround(text, offset);
  return chunk.end - chunk.start > maxSourceLength ? { start: offset, end: offset } : chunk;
}

function chunkAround(text: string, offset: number): Span {
  let start = lineStart(text, Math.min(offset, text.length));
  while (start > 0 && !declarationLine.test(text.slice(start, start + 40))) start = lineStart(text, start - 1);
  let end = offset;
  for (;;) {
    const next = text.indexOf("\n", end);
    if (next === -1) return { start, end: text.length };
    end = next + 1;
    if (declarationLine.test(text.slice(end, end + 40))) return { start, end };
  }
}

/**
 * The offsets of every line that starts a declaration, in order, each moved up over the comment
 * and blank lines directly above it (a `///` doc comment belongs to the declaration below).
 */
export function declarationStarts(text: string): number[] {
  const starts: number[] = [];
  let line = 0;
  const sticky = new RegExp(declarationLine.source.slice(1), "y");
  while (line < text.length) {
    sticky.lastIndex = line;
    if (sticky.test(text)) starts.push(withCommentsAbove(text, line));
    const next = text.indexOf("\n", line);
    if (next === -1) break;
    line = next + 1;
  }
  return starts;
}

/** `start` moved up over the `//` comment lines and blank lines directly above it. */
function withCommentsAbove(text: string, start: number): number {
  let at = start;
  while (at > 0) {
    const above = lineStart(text, at - 1);
    const line = text.slice(above, at).trim();
    if (line !== "" && !line.startsWith("//")) break;
    at = above;
  }
  return at;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i--;
  return i;
}
