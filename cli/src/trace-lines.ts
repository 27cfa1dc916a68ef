// Reads a JSON Lines file in large chunks and hands over its lines a chunk at a time: memory stays bounded by one chunk and the longest line.
import { createReadStream } from "node:fs";

/** How much of the file one read takes: a chunk's lines are decided without awaiting between them. */
const CHUNK_BYTES = 1 << 20;

/** The lines completed by one chunk of the file, and how far into the file it reached. */
export interface LineBatch {
  readonly lines: readonly string[];
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
}

/**
 * Yields the lines of `file` (ending in `\n` or `\r\n`, the last one with or without),
 * a batch per chunk read. Awaiting once per line costs more than deciding the line,
 * so lines come in batches. Rejects when the file cannot be opened or read.
 */
export async function* lineBatches(file: string): AsyncGenerator<LineBatch> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: CHUNK_BYTES });
  // The unfinished last line of the chunks read so far.
  let partial = "";
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = partial + chunk;
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      lines.push(text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    partial = text.slice(start);
    yield { lines, bytesRead: stream.bytesRead };
  }
  if (partial !== "") yield { lines: [partial.endsWith("\r") ? partial.slice(0, -1) : partial], bytesRead: stream.bytesRead };
}
