// Conversions between the compiler's UTF-16 offset spans and LSP's 0-based line/character positions, and the shift of a test file's offsets after its policy.
import type { LineColumn, LineIndex, Span } from "@apol/compiler";
import type { Location, Position, Range } from "vscode-languageserver";

/** What the conversions need of a text's lines; a `LineIndex` has it. */
export interface Lines {
  /** The 1-based line and column of an offset (clamped to the text). */
  position(offset: number): LineColumn;
  /** The offset of a 1-based line and column (clamped to the line's end). */
  offset(position: LineColumn): number;
  readonly lineCount: number;
  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string;
}

/**
 * The lines of a document the compiler saw after `boundary` characters of other text (a test
 * file, checked after its policy): offsets are the compiler's, positions the document's. An
 * offset before the document clamps to its start.
 */
export class ShiftedLines implements Lines {
  constructor(
    private readonly lines: LineIndex,
    readonly boundary: number,
  ) {}

  position(offset: number): LineColumn {
    return this.lines.position(offset - this.boundary);
  }

  offset(position: LineColumn): number {
    return this.lines.offset(position) + this.boundary;
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  lineText(line: number): string {
    return this.lines.lineText(line);
  }
}

/** The LSP position of an offset (clamped to the text). */
export function toPosition(index: Lines, offset: number): Position {
  const at = index.position(offset);
  return { line: at.line - 1, character: at.column - 1 };
}

/** The LSP range of a span. */
export function toRange(index: Lines, span: Span): Range {
  return { start: toPosition(index, span.start), end: toPosition(index, span.end) };
}

/** The offset of an LSP position; positions past a line's end or the text's end are clamped. */
export function toOffset(index: Lines, position: Position): number {
  const line = Math.max(0, Math.trunc(position.line));
  const character = Math.max(0, Math.trunc(position.character));
  if (line >= index.lineCount) return index.offset({ line: index.lineCount, column: Number.MAX_SAFE_INTEGER });
  return index.offset({ line: line + 1, column: character + 1 });
}

/** The span of an LSP range. */
export function toSpan(index: Lines, range: Range): Span {
  const start = toOffset(index, range.start);
  const end = toOffset(index, range.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

/**
 * What `toLocation` reads of an analysis (declared here, not imported, so positions stay below `analysis.ts`, which
 * builds on them): the document, and for a test file its policy and where the test file's own text starts.
 */
export interface LocatedText {
  readonly uri: string;
  readonly boundary: number;
  readonly index: Lines;
  readonly policy?: { readonly uri: string; readonly index: Lines | undefined };
}

/** Where a span of the analyzed text is: in the document, or, for a test file, in its policy when it lies before the test file's text. */
export function toLocation(analysis: LocatedText, span: Span): Location {
  const policy = analysis.policy;
  if (policy?.index !== undefined && span.start < analysis.boundary) return { uri: policy.uri, range: toRange(policy.index, span) };
  return { uri: analysis.uri, range: toRange(analysis.index, span) };
}

/** A key equal for equal locations, so that a list shows each once. */
export function locationKey(location: Location): string {
  const { start, end } = location.range;
  return `${location.uri}#${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Whether the cursor at `offset` touches the span (its end included, so a cursor right after a name is on it). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** Whether two spans share at least one offset, or an empty one sits inside the other. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
