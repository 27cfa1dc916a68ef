// A log file's bytes as text, decoded strictly: a byte that is not UTF-8 is an edit to report, never a U+FFFD that reads as the original.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const NEWLINE = 0x0a;

/** The text of a log file, or the 1-based line holding its first byte that is not UTF-8. */
export function decodeLog(bytes: Uint8Array): { readonly text: string } | { readonly badLine: number } {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    // Only a file that fails is decoded again line by line, to say where.
    let line = 1;
    for (let at = 0; at < bytes.length; line++) {
      let end = bytes.indexOf(NEWLINE, at);
      if (end < 0) end = bytes.length;
      try {
        decoder.decode(bytes.subarray(at, end));
      } catch {
        return { badLine: line };
      }
      at = end + 1;
    }
    return { badLine: line };
  }
}
