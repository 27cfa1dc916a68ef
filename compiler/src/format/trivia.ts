// What the AST leaves out and the printer puts back: comments, the user's blank lines, and where punctuation sat.
import type { IToken } from "chevrotain";
import { lex } from "../syntax/lex.js";
import type { Comment } from "../ast/ast.js";
import { blankline, continuesLine, hardline, indent, lineSuffix, verbatim, type Doc } from "./doc.js";

/**
 * Where the comments before a token go:
 * - `inline`: inside a line of code; comments on their own line get one more indentation level;
 * - `item`: before a declaration, clause, statement, field or list item that starts a line;
 * - `close`: before a closing bracket, inside the block it closes.
 */
type Place = "inline" | "item" | "close";

/** Tokens that take no space before them, so none after a comment either. */
const attached: ReadonlySet<string> = new Set([")", "]", "}", ",", ":", "."]);

/** Horizontal whitespace as the lexer skips it; `\n` and `\r` are the only line breaks. */
function isBlank(ch: string | undefined): boolean {
  return ch !== undefined && /[ \t\f\v\u00a0\ufeff\u2028\u2029]/.test(ch);
}

function isBreak(ch: string | undefined): boolean {
  return ch === "\n" || ch === "\r";
}

/**
 * Weaves comments into the printed document while the printer builds it in source order.
 *
 * Each comment is attached by offset to the printed tokens around it:
 * - a comment that starts its source line is printed on its own line, before the first
 *   printed token that followed it;
 * - a comment that ends its source line after code is held back to the end of the output
 *   line of the last printed token before it (`a: string, // why`);
 * - a block comment with code on both sides on its line stays between them.
 *
 * Every comment is printed exactly once, whatever the positions say, and a line comment
 * is only ever followed by a line break, so it can never swallow code.
 *
 * Without the source text, every comment goes on its own line and no blank line is kept.
 */
export class Trivia {
  private readonly comments: readonly Comment[];
  private readonly commentAt: ReadonlyMap<number, Comment>;
  private readonly tokens: readonly IToken[];
  private next = 0;
  /** Where trailing comments of the last printed token go. */
  private lastSlot: Doc[] | undefined;
  /**
   * A `//` comment is held for the end of the current output line, and only punctuation
   * has been printed since: another comment there would end up inside it.
   */
  private holding = false;

  constructor(
    comments: readonly Comment[],
    private readonly source: string | undefined,
  ) {
    this.comments = [...comments].sort((a, b) => a.span.start - b.span.start);
    this.commentAt = new Map(this.comments.map((c) => [c.span.start, c]));
    this.tokens = source === undefined ? [] : lex(source).tokens;
  }

  /** A token at source offset `start` (undefined: the printer supplies it), with the comments before it. */
  token(text: string, start: number | undefined): { readonly before: Doc; readonly token: Doc } {
    if (start === undefined) return { before: [], token: text };
    const before = this.flush(start, "inline", text);
    // The renderer ends the line before code that follows a held comment (see `continuesLine`).
    if (!continuesLine(text)) this.holding = false;
    const slot: Doc[] = [];
    this.lastSlot = slot;
    return { before, token: [text, slot] };
  }

  /** `token`, as one document. */
  tok(text: string, start: number | undefined): Doc {
    const { before, token } = this.token(text, start);
    return [before, token];
  }

  /** The comments before an item that starts at `start` on a line of its own. */
  lead(start: number): Doc {
    return this.flush(start, "item");
  }

  /** The comments before the closing bracket `closer` at `start`, to be printed inside its block. */
  close(start: number | undefined, closer: string): Doc {
    return start === undefined ? [] : this.flush(start, "close", closer);
  }

  /** Every comment not printed yet (the end of the file). */
  rest(): Doc {
    return this.flush(Infinity, "item");
  }

  /** The offset of the source token `text` that starts the code after `from` (one `,` may come first), if any. */
  find(text: string, from: number, skipComma = false): number | undefined {
    let i = this.firstTokenFrom(from);
    if (skipComma && text !== "," && this.tokens[i]?.image === ",") i++;
    const tok = this.tokens[i];
    return tok?.image === text ? tok.startOffset : undefined;
  }

  /** The offset of the source token `text` that ends the code before `to`, if any. */
  findBefore(text: string, to: number): number | undefined {
    const tok = this.tokens[this.firstTokenFrom(to) - 1];
    return tok?.image === text ? tok.startOffset : undefined;
  }

  /** Whether the user left an empty line after the code ending at `offset` (and any comments on its line). */
  blankAfter(offset: number): boolean {
    const text = this.source;
    if (text === undefined) return false;
    let i = this.skipLine(offset);
    let breaks = 0;
    for (; i < text.length && (isBlank(text[i]) || isBreak(text[i])); i++) {
      if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) breaks++;
    }
    return breaks >= 2;
  }

  private firstTokenFrom(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens[mid] as IToken).startOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** From `offset`, past spaces and comments on the same line; stops at a line break, code or the end. */
  private skipLine(offset: number): number {
    const text = this.source ?? "";
    let i = offset;
    for (;;) {
      while (isBlank(text[i])) i++;
      const comment = this.commentAt.get(i);
      if (!comment) return i;
      i = comment.span.end;
    }
  }

  /** Whether only spaces separate the comment from the start of its line. */
  private startsLine(comment: Comment): boolean {
    const text = this.source;
    if (text === undefined) return true;
    let i = comment.span.start - 1;
    while (isBlank(text[i])) i--;
    return i < 0 || isBreak(text[i]);
  }

  /** Whether no code follows the comment on its line. */
  private endsLine(comment: Comment): boolean {
    if (comment.kind !== "block" || this.source === undefined) return true;
    const i = this.skipLine(comment.span.end);
    return i >= this.source.length || isBreak(this.source[i]);
  }

  /** Prints the comments that start before `offset`; `following` is the token printed next, if known. */
  private flush(offset: number, place: Place, following?: string): Doc {
    const out: Doc[] = [];
    let ownLine = false;
    let last: Comment | undefined;
    for (let c = this.comments[this.next]; c && c.span.start < offset; c = this.comments[++this.next]) {
      const slot: Doc[] = [];
      // A one-line block comment with code after it on its line belongs to that code, wherever the line
      // starts: printing it inline both times keeps formatting idempotent when a clause moves to its own
      // line. A comment spanning lines cannot sit inline, so it keeps a line of its own, and so does one
      // that starts a line after such a comment (inline, it would stop the one before from ending its line).
      const standsAlone = this.startsLine(c) && (this.endsLine(c) || /[\r\n]/.test(c.text) || ownLine);
      if (standsAlone || !this.lastSlot || this.holding) {
        // Between comments on lines of their own, an empty line the user left stays (between items only).
        const gap = ownLine && last && place === "item" && this.blankAfter(last.span.end) ? blankline : hardline;
        ownLine = true;
        this.holding = c.kind !== "block";
        out.push(gap, verbatim(c.text), slot);
        this.lastSlot = slot;
      } else if (this.endsLine(c)) {
        this.lastSlot.push(lineSuffix(c.text));
        this.holding ||= c.kind !== "block";
      } else {
        out.push(verbatim(c.text));
        if (following === undefined || !attached.has(following)) out.push(" ");
      }
      last = c;
    }
    if (!ownLine || !last) return out;
    if (this.endsLine(last)) out.push(place === "item" && this.blankAfter(last.span.end) ? blankline : hardline);
    else out.push(" ");
    return place === "inline" ? indent(out) : out;
  }
}
