// Parses a document one top-level declaration at a time and keeps each declaration's parse, so an edit re-parses only the declarations it touched.
import { maxSourceLength, parse, shapeKinds, type Ast, type Diagnostic, type ParseResult } from "@apol/compiler";
import { declarationStarts } from "./declaration-chunk.js";

/** A declaration's text parsed alone: spans from its own start. */
interface Piece {
  readonly text: string;
  readonly parsed: ParseResult;
  /** The last place it was put in a document, and its parse moved there (reused while the place holds). */
  placed?: { readonly start: number; readonly parsed: ParseResult };
}

/**
 * Parsing is most of a check's time on a large policy, and an edit changes one declaration.
 * The text is cut where a line starts a declaration (as formatted code has them: at column 0),
 * each piece is parsed alone, and a piece whose text did not change reuses its parse, moved to
 * its new offset. A piece parsed alone also stops a missing `}` at the next declaration, so an
 * unfinished rule no longer swallows the rules below it.
 *
 * The cache holds the pieces of the last parse only; one `IncrementalParser` serves one document.
 */
export class IncrementalParser {
  private pieces = new Map<string, Piece>();

  parse(text: string): ParseResult {
    if (text.length > maxSourceLength) return parse(text);
    const next = new Map<string, Piece>();
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

  private piece(text: string, next: Map<string, Piece>): Piece {
    const piece = next.get(text) ?? this.pieces.get(text) ?? { text, parsed: parse(text) };
    next.set(text, piece);
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
function startsShape(text: string, offset: number): boolean {
  return shapeLine.test(text.slice(offset, offset + 40));
}

function unterminatedComment(parsed: ParseResult): boolean {
  return parsed.diagnostics.some((d) => d.code === "apol/unterminated-comment");
}

function hasSyntaxError(parsed: ParseResult): boolean {
  return parsed.diagnostics.some((d) => d.code === "apol/syntax-error");
}

/** The piece's parse with every span moved to `start`; the same objects while the piece stays where it was. */
function place(piece: Piece, start: number): ParseResult {
  if (start === 0) return piece.parsed;
  if (piece.placed?.start !== start) piece.placed = { start, parsed: shifted(piece.parsed, start) };
  return piece.placed.parsed;
}

/** A deep copy of a parse (its AST and diagnostics, plain data) with every span `{ start, end }` moved by `delta`. */
function shifted<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((v: unknown) => shifted(v, delta)) as T;
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (isSpan(record)) return { start: record.start + delta, end: record.end + delta } as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = shifted(record[key], delta);
  return out as T;
}

function isSpan(record: Record<string, unknown>): record is { start: number; end: number } {
  return typeof record.start === "number" && typeof record.end === "number" && Object.keys(record).length === 2;
}
