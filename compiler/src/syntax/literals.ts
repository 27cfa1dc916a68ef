// Decoding of literal tokens (strings, numbers, durations) into values, with diagnostics for bad ones.
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

/** The one-character escapes after `\\`; the TextMate grammar highlights the same set. */
export const simpleEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
};

/**
 * Decodes a string token (quotes included) starting at `offset` in the source.
 * Invalid escapes are reported and kept literally so the value is still usable.
 */
export function decodeString(raw: string, offset: number, diagnostics: Diagnostic[]): string {
  const body = isClosedString(raw) ? raw.slice(1, -1) : raw.slice(1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = body[i + 1] ?? "";
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const start = offset + 1 + i;
    const braced = /^u\{([0-9A-Fa-f]{1,6})\}/.exec(body.slice(i + 1));
    const fixed = /^u([0-9A-Fa-f]{4})/.exec(body.slice(i + 1));
    const match = braced ?? fixed;
    const code = match ? parseInt(match[1] as string, 16) : -1;
    if (match && code <= 0x10ffff) {
      out += String.fromCodePoint(code);
      i += match[0].length;
      continue;
    }
    // The escaped character is one code point, which may be two UTF-16 units.
    const escaped = body.codePointAt(i + 1);
    const length = match ? match[0].length + 1 : Math.min(escaped !== undefined && escaped > 0xffff ? 3 : 2, body.length - i);
    diagnostics.push(
      diagnostic("apol/invalid-escape", { start, end: start + length }, `invalid escape \`${body.slice(i, i + length)}\` in a string`, {
        help: 'use `\\"`, `\\\\`, `\\n`, `\\t`, `\\r` or `\\u{...}`; write `\\\\` for a backslash',
      }),
    );
    out += body.slice(i, i + length);
    i += length - 1;
  }
  return out;
}

/** True if a string token ends with an unescaped closing quote (the same quote it opened with). */
export function isClosedString(image: string): boolean {
  if (image.length < 2 || image[image.length - 1] !== image[0]) return false;
  let backslashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Encodes a string as an apol literal that decodes back to the same value. */
export function encodeString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

const durationUnits: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds in a duration token such as `30s` or `7d`. */
export function durationMs(raw: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(raw);
  if (!match) return NaN;
  return Number(match[1]) * (durationUnits[match[2] as string] ?? NaN);
}
