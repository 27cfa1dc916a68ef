// Renders diagnostics for people (rustc-style text with a caret underline) and for machines (JSON).
import { LineIndex, type LineColumn, type Span } from "../source/span.js";
import type { Diagnostic } from "./diagnostic.js";

/** The file a diagnostic's spans point into: its name as shown to the user, and its text indexed by line. */
export interface RenderSource {
  readonly file: string;
  readonly lines: LineIndex;
}

/** Indexes a file's text once so that all of its diagnostics can be rendered against it. */
export function renderSource(file: string, text: string): RenderSource {
  return { file, lines: new LineIndex(text) };
}

/** Options for the text renderer. */
export interface RenderOptions {
  /** Emit ANSI colors; only the CLI decides this (a TTY and no `NO_COLOR`). */
  readonly color?: boolean;
}

/**
 * One diagnostic as text, without a trailing newline. Given `allow send_mony` on line 12:
 *
 * ```text
 * error[apol/unknown-tool]: unknown tool `send_mony`
 *   --> examples/banking.apol:12:9
 *    |
 * 12 |   allow send_mony
 *    |         ^^^^^^^^^
 *    |
 *    = help: did you mean `send_money`?
 * ```
 *
 * The header gives the 1-based line and UTF-16 column of the span's start, as editors count.
 * The caret line counts terminal cells instead (tabs, wide and zero-width characters), so
 * the carets sit under exactly the spanned text. A span that crosses lines is underlined to
 * the end of its first line, which says where it ends.
 */
export function renderDiagnostic(diagnostic: Diagnostic, source: RenderSource, options: RenderOptions = {}): string {
  const paint = painter(options.color === true);
  const accent = diagnostic.severity === "error" ? ERROR : WARNING;
  const start = source.lines.position(diagnostic.span.start);
  const end = source.lines.position(diagnostic.span.end);
  const width = String(start.line).length;
  const pad = " ".repeat(width);
  const bar = paint(GUTTER, "|");

  const out = [
    `${paint(accent, `${diagnostic.severity}[${diagnostic.code}]`)}${paint(BOLD, `: ${diagnostic.message}`)}`,
    `${pad}${paint(GUTTER, "-->")} ${source.file}:${start.line}:${start.column}`,
    `${pad} ${bar}`,
  ];
  const line = displayLine(source.lines.lineText(start.line));
  out.push(withoutTrailingSpace(`${paint(GUTTER, String(start.line))} ${bar} ${line.text}`));
  const underline = underlineOf(line, start, end);
  out.push(`${pad} ${bar} ${" ".repeat(underline.indent)}${paint(accent, "^".repeat(underline.width))}${underline.label}`);

  const notes = [
    ...(diagnostic.related ?? []).map((r) => `${paint(BOLD, "note")}: ${r.message} at ${locationOf(r.span, source)}`),
    ...(diagnostic.help === undefined ? [] : [`${paint(BOLD, "help")}: ${diagnostic.help}`]),
    ...(diagnostic.fix === undefined ? [] : [`${paint(BOLD, "fix")}: ${diagnostic.fix.title}`]),
  ];
  if (notes.length > 0) {
    out.push(`${pad} ${bar}`);
    for (const note of notes) out.push(`${pad} ${paint(GUTTER, "=")} ${note}`);
  }
  return out.join("\n");
}

/** A 1-based line and column, as in the text header; columns count UTF-16 code units. */
interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

/** A half-open range of positions. */
interface JsonRange {
  readonly start: JsonPosition;
  readonly end: JsonPosition;
}

/** A diagnostic for machines: what `apol check --format json` prints, one array for all files. */
export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  /** `null` when the diagnostic has no help, so every object has the same keys. */
  readonly help: string | null;
  readonly file: string;
  readonly range: JsonRange;
  /** Present only when the diagnostic has related spans (in the same file). */
  readonly related?: readonly { readonly message: string; readonly range: JsonRange }[];
  /** Present only when the diagnostic has a fix. */
  readonly fix?: { readonly title: string; readonly edits: readonly { readonly range: JsonRange; readonly newText: string }[] };
}

/** One diagnostic as a JSON-ready object whose positions match the text renderer's header. */
export function diagnosticToJson(diagnostic: Diagnostic, source: RenderSource): JsonDiagnostic {
  const range = (span: Span): JsonRange => ({ start: source.lines.position(span.start), end: source.lines.position(span.end) });
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    help: diagnostic.help ?? null,
    file: source.file,
    range: range(diagnostic.span),
    ...(diagnostic.related === undefined ? {} : { related: diagnostic.related.map((r) => ({ message: r.message, range: range(r.span) })) }),
    ...(diagnostic.fix === undefined
      ? {}
      : {
          fix: {
            title: diagnostic.fix.title,
            edits: diagnostic.fix.edits.map((e) => ({ range: range(e.span), newText: e.newText })),
          },
        }),
  };
}

function locationOf(span: Span, source: RenderSource): string {
  const at = source.lines.position(span.start);
  return `${source.file}:${at.line}:${at.column}`;
}

// ------------------------------------------------------------------ caret placement

/** A source line as printed, and the terminal cell at which each of its UTF-16 offsets starts. */
interface DisplayLine {
  readonly text: string;
  /** `cells[i]` is the cell where offset `i` starts; `cells[length]` is the printed width. */
  readonly cells: readonly number[];
}

/** The printed width of a tab: rustc's choice, which keeps carets aligned whatever the terminal's tab stops. */
const TAB = "    ";

/**
 * Makes a line safe and measurable for a terminal: tabs become four spaces and control
 * characters their visible Unicode pictures (a raw control byte could move the cursor).
 */
function displayLine(line: string): DisplayLine {
  let text = "";
  const cells: number[] = [];
  let cell = 0;
  for (const char of line) {
    const code = char.codePointAt(0) ?? 0;
    const shown = code === 9 ? TAB : code < 32 ? String.fromCodePoint(0x2400 + code) : code === 127 ? "\u2421" : char;
    for (let unit = 0; unit < char.length; unit++) cells.push(cell);
    text += shown;
    cell += code === 9 ? TAB.length : cellWidth(code);
  }
  cells.push(cell);
  return { text, cells };
}

/**
 * Terminal cells a code point occupies: 0 for combining marks and joiners, 2 for East Asian
 * wide characters and emoji (the ranges of Markus Kuhn's `wcwidth`, plus the emoji blocks), else 1.
 */
function cellWidth(code: number): number {
  if (code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f) || COMBINING.test(String.fromCodePoint(code))) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    code === 0x2329 ||
    code === 0x232a ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f680 && code <= 0x1f6ff) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

const COMBINING = /^[\p{Mn}\p{Me}]$/u;

/** Where the carets go under the first line of a span, and what to say after them. */
function underlineOf(line: DisplayLine, start: LineColumn, end: LineColumn): { indent: number; width: number; label: string } {
  const lineLength = line.cells.length - 1;
  const from = Math.min(start.column - 1, lineLength);
  // A span that ends at the start of a later line ends with that line break, not on that line.
  const lastLine = end.line > start.line && end.column === 1 ? end.line - 1 : end.line;
  const to = end.line === start.line ? Math.min(end.column - 1, lineLength) : lineLength;
  const indent = line.cells[from] ?? 0;
  // INVARIANT (visible-caret): an empty span, or one covering only a line break or a zero-width
  // character, still gets one caret.
  const width = Math.max(1, (line.cells[to] ?? indent) - indent);
  const label = lastLine > start.line ? ` continues to line ${lastLine}` : "";
  return { indent, width, label };
}

function withoutTrailingSpace(text: string): string {
  return text.replace(/[ ]+$/, "");
}

// ------------------------------------------------------------------ color

type Style = string;
const BOLD: Style = "1";
const ERROR: Style = "1;31";
const WARNING: Style = "1;33";
const GUTTER: Style = "1;34";

/** Wraps text in an ANSI style, or returns it as is when color is off. */
function painter(color: boolean): (style: Style, text: string) => string {
  return color ? (style, text) => `\x1b[${style}m${text}\x1b[0m` : (_style, text) => text;
}
