// Parses a document one top-level declaration at a time and keeps each declaration's parse, so an edit re-parses only the declarations it touched.
import { maxSourceLength, parse, shapeKinds, type Ast, type Diagnostic, type ParseResult } from "@apol/compiler";
import { declarationStarts } from "./declaration-chunk.js";

/** A declaration's text parsed alone, its spans moved to where it last stood in the document. */
interface Piece {
  readonly text: string;
  readonly parsed: ParseResult;
  /** Where the piece's spans place it: they are from the start of the document, and the piece starts here. */
  start: number;
  /** Every span in `parsed`, each once: collected on the piece's first move, so later moves are one loop. */
  spans?: Span[];
}

interface Span {
  start: number;
  end: number;
}

/**
 * Parsing is most of a check's time on a large policy, and an edit changes one declaration.
 * The text is cut where a line starts a declaration (as formatted code has them: at column 0),
 * each piece is parsed alone, and a piece whose text did not change reuses its parse, moved to
 * its new offset. A piece parsed alone also stops a missing `}` at the next declaration, so an
 * unfinished rule no longer swallows the rules below it.
 *
 * The cache holds the pieces of the last parse only; one `IncrementalParser` serves one document.
 * INVARIANT (moved-in-place): a piece that moves has its spans moved in place (copying half a
 * large policy's tree on every keystroke costs more than the parse it saves), so an analysis
 * that shares it sees its spans move with the newer text; only the newest analysis of a
 * document is ever read (the store's contract).
 */
export class IncrementalParser {
  /** The pieces of the last parse by text; two declarations with the same text are two pieces (each has its own place). */
  private pieces = new Map<string, Piece[]>();

  parse(text: string): ParseResult {
    if (text.length > maxSourceLength) return parse(text);
    const next = new Map<string, Piece[]>();
    const headers: Ast.PolicyHeader[] = [];
    const declarations: Ast.Declaration[] = [];
    const comments: Ast.Comment[] = [];
    const diagnostics: Diagnostic[] = [];
    const starts = cutPoints(text);
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i] as number;
      let end = starts[i + 1] ?? text.length;
      let piece = this.piece(text.slice(start, end), next);
      // A block comment that runs past the cut (a declaration keyword at the start of a line inside it): take the pieces it covers.
      while (end < text.length && (unterminatedComment(piece.parsed) || (startsShape(text, end) && hasSyntaxError(piece.parsed)))) {
        i++;
        end = starts[i + 1] ?? text.length;
        piece = this.piece(text.slice(start, end), next);
      }
      const placed = place(piece, start);
      for (const d of placed.ast.headers) headers.push(d);
      for (const d of placed.ast.declarations) declarations.push(d);
      for (const c of placed.ast.comments) comments.push(c);
      for (const d of placed.diagnostics) diagnostics.push(d);
    }
    this.pieces = next;
    return { ast: { kind: "Policy", span: { start: 0, end: text.length }, headers, declarations, comments }, diagnostics };
  }

  /** A piece of the last parse with this text that this parse has not taken yet, else a new parse of it. */
  private piece(text: string, next: Map<string, Piece[]>): Piece {
    const piece = this.pieces.get(text)?.pop() ?? { text, parsed: parse(text), start: 0 };
    const taken = next.get(text);
    if (taken) taken.push(piece);
    else next.set(text, [piece]);
    return piece;
  }
}

/** Where pieces start: the top of the file and every declaration line (with the comments above it). */
function cutPoints(text: string): number[] {
  const starts = declarationStarts(text);
  return starts[0] === 0 ? starts : [0, ...starts];
}

const shapeLine = new RegExp(`^(?:${shapeKinds.join("|")})\\s*\\{`);

/** Whether the line at `offset` opens a shape: in unformatted text it may be a test's `user {` value at column 0. */
export function startsShape(text: string, offset: number): boolean {
  return shapeLine.test(text.slice(offset, offset + 40));
}

function unterminatedComment(parsed: ParseResult): boolean {
  return parsed.diagnostics.some((d) => d.code === "apol/unterminated-comment");
}

function hasSyntaxError(parsed: ParseResult): boolean {
  return parsed.diagnostics.some((d) => d.code === "apol/syntax-error");
}

/** The piece's parse with its spans moved (in place) to start at `start`. */
function place(piece: Piece, start: number): ParseResult {
  if (piece.start !== start) {
    const delta = start - piece.start;
    piece.spans ??= spansOf(piece.parsed);
    for (const span of piece.spans) {
      span.start += delta;
      span.end += delta;
    }
    piece.start = start;
  }
  return piece.parsed;
}

/** Every span `{ start, end }` in a parse (its AST and diagnostics, plain data), each once: two nodes may share a span, which must move once. */
function spansOf(parsed: ParseResult): Span[] {
  const seen = new Set<object>();
  const spans: Span[] = [];
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (isSpan(record)) spans.push(record);
    else for (const key in record) stack.push(record[key]);
  }
  return spans;
}

function isSpan(record: Record<string, unknown>): record is { start: number; end: number } {
  return typeof record.start === "number" && typeof record.end === "number" && Object.keys(record).length === 2;
}
