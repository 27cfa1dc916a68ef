// A small Wadler-style document language and its renderer: printers say where lines may break, `render` decides.

/**
 * A document: text, a sequence of documents, or a layout node. Text never contains a
 * line break; spaces at either end of a text are "owed" spaces, which collapse to one
 * and vanish at the end of a line, so no output line ends in whitespace.
 */
export type Doc = string | readonly Doc[] | DocNode;

type DocNode =
  /** A space (`soft`: nothing) when its group is flat; a line break when the group is broken. */
  | { readonly kind: "line"; readonly soft: boolean }
  /** A line break that always happens; its enclosing groups break too. */
  | { readonly kind: "hardline" }
  /** A line break followed by one empty line (never two in a row). */
  | { readonly kind: "blankline" }
  /** Printed flat if it fits the width and holds no forced break, else broken. */
  | { readonly kind: "group"; readonly contents: Doc }
  /** Indents every line break inside it by two more spaces. */
  | { readonly kind: "indent"; readonly contents: Doc }
  /** Text held back until the next line break: a comment at the end of a line. */
  | { readonly kind: "lineSuffix"; readonly text: string }
  /** Text printed exactly as given, line breaks and spaces included, after a space unless it starts a line (a comment). */
  | { readonly kind: "verbatim"; readonly text: string };

/** A space in a flat group, a line break in a broken one. */
export const line: Doc = { kind: "line", soft: false };
/** Nothing in a flat group, a line break in a broken one. */
export const softline: Doc = { kind: "line", soft: true };
/** A line break, always. */
export const hardline: Doc = { kind: "hardline" };
/** A line break and one empty line, always. */
export const blankline: Doc = { kind: "blankline" };

/** `contents` on one line if it fits, else with every `line` in it (not in nested groups) broken. */
export function group(contents: Doc): Doc {
  return { kind: "group", contents };
}

/** `contents` with its line breaks indented one level more. */
export function indent(contents: Doc): Doc {
  return { kind: "indent", contents };
}

/** A comment to print at the end of the current line. */
export function lineSuffix(text: string): Doc {
  return { kind: "lineSuffix", text };
}

/** A comment to print here, exactly as written. */
export function verbatim(text: string): Doc {
  return { kind: "verbatim", text };
}

/** Spaces per indentation level. */
const indentWidth = 2;

/**
 * Whether text may stay on the line of a comment held back before it: punctuation that
 * belongs to the code before (`a, // why` prints the comma first). Any other text after a
 * held `//` comment starts a new line, one level deeper.
 */
export function continuesLine(text: string): boolean {
  return /^[,)\]}:.?([{]/.test(text);
}

function isList(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}

interface Command {
  readonly indent: number;
  readonly flat: boolean;
  readonly doc: Doc;
}

/** Lays a document out in lines of at most `width` columns where its groups allow, ending in one newline. */
export function render(doc: Doc, width: number): string {
  const out = new Output();
  const breaks = new ForcedBreaks();
  const stack: Command[] = [{ indent: 0, flat: false, doc }];
  for (let cmd = stack.pop(); cmd; cmd = stack.pop()) {
    const { indent: level, flat, doc: d } = cmd;
    if (typeof d === "string") out.text(d, level);
    else if (isList(d)) for (let i = d.length - 1; i >= 0; i--) stack.push({ indent: level, flat, doc: d[i] as Doc });
    else
      switch (d.kind) {
        case "line":
          if (!flat) out.newline(level);
          else if (!d.soft) out.space();
          break;
        case "hardline":
          out.newline(level);
          break;
        case "blankline":
          out.blankLine(level);
          break;
        case "group": {
          const measure = { indent: level, flat: true, doc: d.contents };
          const asFlat = flat || (!breaks.has(d) && fits(measure, stack, width - out.column(), breaks, out.holding));
          stack.push({ indent: level, flat: asFlat, doc: d.contents });
          break;
        }
        case "indent":
          stack.push({ indent: level + indentWidth, flat, doc: d.contents });
          break;
        case "lineSuffix":
          out.suffix(d.text);
          break;
        case "verbatim":
          out.verbatim(d.text, level);
          break;
      }
  }
  return out.finish();
}

/**
 * Whether `next` can be printed flat in `width` columns, followed by the rest of the
 * stack up to its next line break. Code after a held-back `//` comment does not fit: it
 * would be pushed onto a line of its own (a held-back block comment just drifts to the
 * end of the line).
 */
function fits(next: Command, rest: readonly Command[], width: number, breaks: ForcedBreaks, holding: boolean): boolean {
  let remaining = width;
  let held = holding;
  let restIndex = rest.length;
  const todo: Command[] = [next];
  while (remaining >= 0) {
    const cmd = todo.pop() ?? (restIndex > 0 ? rest[--restIndex] : undefined);
    if (!cmd) return true;
    const { flat, doc: d } = cmd;
    if (typeof d === "string") {
      if (held && d.trim() !== "" && !continuesLine(d.trim())) return !flat;
      remaining -= d.length;
    } else if (isList(d)) for (let i = d.length - 1; i >= 0; i--) todo.push({ ...cmd, doc: d[i] as Doc });
    else
      switch (d.kind) {
        case "line":
          if (!flat) return true;
          if (!d.soft) remaining -= 1;
          break;
        case "hardline":
        case "blankline":
          return !flat;
        case "group":
          // Groups after the one being measured are assumed broken, as their enclosing group is.
          todo.push({ ...cmd, flat: flat && !breaks.has(d), doc: d.contents });
          break;
        case "indent":
          todo.push({ ...cmd, doc: d.contents });
          break;
        case "lineSuffix":
          held ||= isLineComment(d.text);
          break;
        case "verbatim":
          // Comments take no width, as held-back ones cannot: where a comment sits must not change how code breaks.
          if (held || d.text.includes("\n") || d.text.includes("\r")) return !flat;
          break;
      }
  }
  return false;
}

function isLineComment(text: string): boolean {
  return text.startsWith("//");
}

/** Which groups hold a break that always happens (memoised: `fits` asks about nested groups repeatedly). */
class ForcedBreaks {
  private readonly memo = new Map<Doc, boolean>();

  has(doc: Doc): boolean {
    if (typeof doc === "string") return false;
    const known = this.memo.get(doc);
    if (known !== undefined) return known;
    let result: boolean;
    if (isList(doc)) result = doc.some((d) => this.has(d));
    else if (doc.kind === "hardline" || doc.kind === "blankline") result = true;
    else if (doc.kind === "group" || doc.kind === "indent") result = this.has(doc.contents);
    else if (doc.kind === "verbatim") result = doc.text.includes("\n") || doc.text.includes("\r");
    else result = false;
    this.memo.set(doc, result);
    return result;
  }
}

/** The lines being written. Indentation and owed spaces are written lazily, so blank lines stay empty. */
class Output {
  private readonly lines: string[] = [];
  /** The current line so far, indentation included; "" until something is written on it. */
  private current = "";
  /** The indentation the current line gets when something is written on it. */
  private level = 0;
  /** A space is owed before the next text on this line. */
  private owed = false;
  private suffixes: string[] = [];
  /** A `//` comment is held back: the line must end before any more code. */
  holding = false;

  /** The column the next text would start at. */
  column(): number {
    if (this.current === "") return this.level;
    const lastLine = this.current.length - this.current.lastIndexOf("\n") - 1;
    return lastLine + (this.owed ? 1 : 0);
  }

  /** Writes `text`; `level` is its indentation, should a held comment end the line first. */
  text(text: string, level: number): void {
    const core = text.trim();
    if (text.startsWith(" ")) this.space();
    if (core === "") return;
    if (!continuesLine(core)) this.releaseHeld(level);
    this.write(core);
    if (text.endsWith(" ")) this.space();
  }

  verbatim(text: string, level: number): void {
    this.releaseHeld(level);
    this.space();
    this.write(text);
  }

  space(): void {
    if (this.current !== "") this.owed = true;
  }

  suffix(text: string): void {
    this.suffixes.push(text);
    this.holding ||= isLineComment(text);
  }

  /** Ends the current line unless nothing is written on it yet; the next line gets `level`. */
  newline(level: number): void {
    for (const suffix of this.suffixes) this.current += this.current === "" ? " ".repeat(this.level) + suffix : ` ${suffix}`;
    this.suffixes = [];
    if (this.current !== "") this.lines.push(this.current);
    this.current = "";
    this.owed = false;
    this.holding = false;
    this.level = level;
  }

  /** Ends the current line and leaves exactly one empty line after it (none at the start of the text). */
  blankLine(level: number): void {
    this.newline(level);
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last !== "") this.lines.push("");
  }

  finish(): string {
    this.newline(0);
    while (this.lines[this.lines.length - 1] === "") this.lines.pop();
    return this.lines.length === 0 ? "" : `${this.lines.join("\n")}\n`;
  }

  /** Code after a held `//` comment continues on the next line, one level deeper. */
  private releaseHeld(level: number): void {
    if (this.holding) this.newline(level + indentWidth);
  }

  private write(text: string): void {
    if (this.current === "") this.current = " ".repeat(this.level);
    else if (this.owed) this.current += " ";
    this.owed = false;
    this.current += text;
  }
}
