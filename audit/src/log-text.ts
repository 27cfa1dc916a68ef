// A log file's bytes as text, decoded strictly: a byte that is not UTF-8 is an edit to report, never a U+FFFD that reads as the original.
import { isUtf8 } from "node:buffer";

const NEWLINE = 0x0a;

/**
 * The text of a log file (a byte-order mark kept, as a character no record begins with), or the 1-based line
 * holding its first byte that is not UTF-8. A last line with no newline is torn whatever its bytes (a write cut
 * inside a character leaves half of one): readers report it as torn and never read it as a record, so only the
 * whole lines before it are held to UTF-8, and it is decoded as it comes.
 */
export function decodeLog(bytes: Uint8Array): { readonly text: string } | { readonly badLine: number } {
  // Validating, then decoding, is as fast as decoding alone; a fatal `TextDecoder` is several times slower on Node 20.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = buffer.subarray(0, buffer.lastIndexOf(NEWLINE) + 1);
  const torn = buffer.subarray(whole.length);
  if (isUtf8(whole)) return { text: whole.toString("utf8") + torn.toString("utf8") };
  // Only a file that fails is looked at again line by line, to say where. A newline is never part of a multi-byte character.
  let line = 1;
  for (let at = 0; ; line++) {
    const end = whole.indexOf(NEWLINE, at);
    if (!isUtf8(whole.subarray(at, end))) return { badLine: line };
    at = end + 1;
  }
}
