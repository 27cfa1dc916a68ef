// Formatting with the compiler's formatter: minimal line edits for the document or the part of it a range touches.
import { format } from "@apol/compiler";
import type { Range, TextEdit } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { diffLines, hunkEdits, splitKeepingBreaks } from "./line-diff.js";
import { overlaps, toRange, toSpan } from "./positions.js";

/**
 * The edits that format the whole document, or none when it is already formatted or has
 * syntax errors (the formatter refuses to guess a layout around them). A test file is
 * formatted on its own: its policy is not part of it.
 */
export function formatDocument(analysis: Analysis): TextEdit[] {
  return formattingEdits(analysis, undefined);
}

/**
 * The edits that format the lines a range touches. The formatter works on whole files, so this
 * formats the file and keeps the changed stretches that overlap the range.
 */
export function formatRange(analysis: Analysis, range: Range): TextEdit[] {
  return formattingEdits(analysis, toSpan(analysis.index, range));
}

function formattingEdits(analysis: Analysis, within: { start: number; end: number } | undefined): TextEdit[] {
  const text = analysis.text.slice(analysis.boundary);
  const result = format(text);
  if (!result.changed || result.text === text) return [];
  const oldLines = splitKeepingBreaks(text);
  const newLines = splitKeepingBreaks(result.text);
  return hunkEdits(diffLines(oldLines, newLines), oldLines, newLines)
    .map((edit) => ({ span: { start: edit.span.start + analysis.boundary, end: edit.span.end + analysis.boundary }, newText: edit.newText }))
    .filter((edit) => within === undefined || overlaps(edit.span, within))
    .map((edit) => ({ range: toRange(analysis.index, edit.span), newText: edit.newText }));
}
