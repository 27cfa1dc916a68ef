// Conversions between the compiler's UTF-16 offset spans and LSP's 0-based line/character positions.
import type { LineIndex, Span } from "@apol/compiler";
import type { Position, Range } from "vscode-languageserver";

/** The LSP position of an offset (clamped to the text). */
export function toPosition(index: LineIndex, offset: number): Position {
  const at = index.position(offset);
  return { line: at.line - 1, character: at.column - 1 };
}

/** The LSP range of a span. */
export function toRange(index: LineIndex, span: Span): Range {
  return { start: toPosition(index, span.start), end: toPosition(index, span.end) };
}

/** The offset of an LSP position; positions past a line's end or the text's end are clamped. */
export function toOffset(index: LineIndex, position: Position): number {
  const line = Math.max(0, Math.trunc(position.line));
  const character = Math.max(0, Math.trunc(position.character));
  if (line >= index.lineCount) return index.text.length;
  return index.offset({ line: line + 1, column: character + 1 });
}

/** The span of an LSP range. */
export function toSpan(index: LineIndex, range: Range): Span {
  const start = toOffset(index, range.start);
  const end = toOffset(index, range.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

/** Whether the cursor at `offset` touches the span (its end included, so a cursor right after a name is on it). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** Whether two spans share at least one offset, or an empty one sits inside the other. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
