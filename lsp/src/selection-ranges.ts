// Selection ranges: from the name under the cursor outwards through every enclosing node to the whole file.
import { pathTo } from "@apol/compiler";
import type { Position, SelectionRange } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { toOffset, toRange } from "./positions.js";

/** One chain per position, innermost first, out to the document's own text; equal spans appear once. */
export function selectionRanges(analysis: Analysis, positions: readonly Position[]): SelectionRange[] {
  return positions.map((position) => {
    const offset = toOffset(analysis.index, position);
    const whole = { start: analysis.boundary, end: analysis.text.length };
    const spans = [whole, ...pathTo(analysis.ast, offset).map((n) => n.span)].filter((s) => s.start <= offset && offset <= s.end);
    let parent: SelectionRange | undefined;
    let previous: { start: number; end: number } | undefined;
    for (const span of spans) {
      // Each range must contain the one below it; a recovered node can stick out, so it is skipped.
      if (previous && (span.start < previous.start || span.end > previous.end)) continue;
      if (previous && span.start === previous.start && span.end === previous.end) continue;
      parent = parent ? { range: toRange(analysis.index, span), parent } : { range: toRange(analysis.index, span) };
      previous = span;
    }
    return parent ?? { range: toRange(analysis.index, { start: offset, end: offset }) };
  });
}
