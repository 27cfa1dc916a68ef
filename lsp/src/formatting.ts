// Formatting with the compiler's formatter: minimal line edits for the document or for the lines a selection holds, or why it cannot format.
import { format } from "@apol/compiler";
import type { Range, TextEdit } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { diffLines, hunkEdits, splitKeepingBreaks, type LineHunk } from "./line-diff.js";
import { toRange, toSpan } from "./positions.js";

/** The edits, and when there are none because the text does not parse, why (for the editor to show). */
export interface Formatted {
  readonly edits: TextEdit[];
  readonly problem?: string;
}

/**
 * The edits that format the whole document, or none when it is already formatted or has
 * syntax errors (the formatter refuses to guess a layout around them; `problem` names the first).
 * A test file is formatted on its own: its policy is not part of it.
 */
export function formatDocument(analysis: Analysis): Formatted {
  return formattingEdits(analysis, undefined);
}

/**
 * The edits that format the lines a selection holds, and no other: the formatter works on whole
 * files, so this formats the file and keeps what changed inside the selected lines (a stretch that
 * changed across the selection's edge is kept line by line where it kept its line count).
 */
export function formatRange(analysis: Analysis, range: Range): Formatted {
  return formattingEdits(analysis, toSpan(analysis.index, range));
}

function formattingEdits(analysis: Analysis, within: { start: number; end: number } | undefined): Formatted {
  const text = analysis.text.slice(analysis.boundary);
  const result = format(text);
  const error = result.diagnostics.find((d) => d.severity === "error");
  if (error) {
    const at = toRange(analysis.index, { start: error.span.start + analysis.boundary, end: error.span.end + analysis.boundary }).start;
    return { edits: [], problem: `cannot format: line ${at.line + 1} has a syntax error: ${error.message}` };
  }
  if (!result.changed || result.text === text) return { edits: [] };
  const oldLines = splitKeepingBreaks(text);
  const newLines = splitKeepingBreaks(result.text);
  let hunks = diffLines(oldLines, newLines);
  if (within !== undefined) {
    const first = lineOf(oldLines, within.start - analysis.boundary);
    const last = lineOf(oldLines, Math.max(within.start, within.end - 1) - analysis.boundary);
    hunks = hunks.flatMap(byLine).filter((h) => h.oldStart >= first && h.oldEnd <= last + 1 && (h.oldEnd > h.oldStart || h.oldStart <= last));
  }
  const edits = hunkEdits(hunks, oldLines, newLines).map((edit) => ({
    range: toRange(analysis.index, { start: edit.span.start + analysis.boundary, end: edit.span.end + analysis.boundary }),
    newText: edit.newText,
  }));
  return { edits };
}

/** A hunk that replaces as many lines as it removes, as one hunk per line; any other whole. */
function byLine(hunk: LineHunk): LineHunk[] {
  const count = hunk.oldEnd - hunk.oldStart;
  if (count !== hunk.newEnd - hunk.newStart || count <= 1) return [hunk];
  return Array.from({ length: count }, (_, i) => ({
    oldStart: hunk.oldStart + i,
    oldEnd: hunk.oldStart + i + 1,
    newStart: hunk.newStart + i,
    newEnd: hunk.newStart + i + 1,
  }));
}

/** The index of the line of `lines` (each with its break) that holds `offset`. */
function lineOf(lines: readonly string[], offset: number): number {
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    start += (lines[i] as string).length;
    if (offset < start) return i;
  }
  return Math.max(0, lines.length - 1);
}
