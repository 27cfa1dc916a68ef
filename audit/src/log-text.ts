// A log file's bytes as text, decoded strictly: a byte that is not UTF-8 is an edit to report, never a U+FFFD that reads as the original.
import { isUtf8 } from "node:buffer";

const NEWLINE = 0x0a;

/** The text of a log file (a byte-order mark kept, as a character no record begins with), or the 1-based line holding its first byte that is not UTF-8. */
export function decodeLog(bytes: Uint8Array): { readonly text: string } | { readonly badLine: number } {
  // Validating, then decoding, is as fast as decoding alone; a fatal `TextDecoder` is several times slower on Node 20.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return { text: buffer.toString("utf8") };
  // Only a file that fails is looked at again line by line, to say where. A newline is never part of a multi-byte character.
  let line = 1;
  for (let at = 0; ; line++) {
    const end = buffer.indexOf(NEWLINE, at);
    if (!isUtf8(buffer.subarray(at, end < 0 ? buffer.length : end)) || end < 0) return { badLine: line };
    at = end + 1;
  }
}
