// Source spans (half-open UTF-16 offset ranges) and their conversion to lines and columns.

/** A half-open range `[start, end)` of UTF-16 code unit offsets into one source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A 1-based line and column; columns count UTF-16 code units, as editors and LSP do. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** The smallest span covering both. */
export function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** An empty span at an offset, for things that are missing. */
export function point(offset: number): Span {
  return { start: offset, end: offset };
}

/** Maps offsets to lines and columns for one text; build once per text, query many times. */
export class LineIndex {
  /** Offsets at which each line starts. INVARIANT: sorted, `lineStarts[0] === 0`. */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) this.lineStarts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** The 1-based line and column of an offset (clamped to the text). */
  position(offset: number): LineColumn {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /** The offset of a 1-based line and column (clamped to the line's end). */
  offset(position: LineColumn): number {
    const lineIndex = Math.max(0, Math.min(position.line - 1, this.lineStarts.length - 1));
    const start = this.lineStarts[lineIndex] ?? 0;
    const end = this.lineEnd(lineIndex + 1);
    return Math.min(start + Math.max(0, position.column - 1), end);
  }

  /** The number of lines. */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    return this.text.slice(start, this.lineEnd(line));
  }

  private lineEnd(line: number): number {
    const next = this.lineStarts[line];
    if (next === undefined) return this.text.length;
    let end = next;
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(end, this.lineStarts[line - 1] ?? 0);
  }
}
