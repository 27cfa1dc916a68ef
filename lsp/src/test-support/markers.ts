// Cursor markers in literal test documents: `<|>` marks a position, `<|...|>` a range (Langium's convention).

/** A document with its markers removed, and where they were (UTF-16 offsets into the cleaned text). */
export interface Marked {
  readonly text: string;
  readonly positions: readonly number[];
  readonly ranges: readonly { readonly start: number; readonly end: number }[];
}

/** Removes `<|>` and `<|...|>` markers; ranges may nest, and are listed in the order they open. */
export function parseMarkers(source: string): Marked {
  let text = "";
  const positions: number[] = [];
  const ranges: { order: number; start: number; end: number }[] = [];
  const open: { order: number; start: number }[] = [];
  let opened = 0;
  for (let i = 0; i < source.length; ) {
    if (source.startsWith("<|>", i)) {
      positions.push(text.length);
      i += 3;
    } else if (source.startsWith("<|", i)) {
      open.push({ order: opened++, start: text.length });
      i += 2;
    } else if (source.startsWith("|>", i) && open.length > 0) {
      const range = open.pop() as { order: number; start: number };
      ranges.push({ ...range, end: text.length });
      i += 2;
    } else {
      text += source[i];
      i++;
    }
  }
  if (open.length > 0) throw new Error(`a \`<|\` marker is never closed: ${JSON.stringify(source)}`);
  return { text, positions, ranges: ranges.sort((a, b) => a.order - b.order).map(({ start, end }) => ({ start, end })) };
}
