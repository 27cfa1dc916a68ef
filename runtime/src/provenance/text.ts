// Provenance text: the normal form content and arguments are compared in, its token boundaries, identifiers and word runs.
import { CONFUSABLES } from "./confusables.js";
import { ASCII, PRINTABLE, tidy, UNICODE } from "./tidy.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** Whether text is all ASCII: its normal form is then its lower case, its skeleton itself, its words `[a-z0-9]` runs. */
export const isAscii = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);

/** A composed text carries content when they share a run of this many words (docs/session-state.md). */
export const RUN_WORDS = 8;

// The value of a decimal digit of any script: its offset in the run of `\p{Nd}` code points it belongs to (Unicode
// lays every script's digits out as runs of ten, zero first), so no table of scripts is typed here.
const digitValues = new Map<number, string>();
function asciiDigit(digit: string): string {
  const cp = digit.codePointAt(0)!;
  let value = digitValues.get(cp);
  if (value === undefined) {
    let start = cp;
    while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    digitValues.set(cp, (value = String((cp - start) % 10)));
  }
  return value;
}

const decodePercent = (run: string): string => {
  try {
    return decodeURIComponent(run);
  } catch {
    return run;
  }
};

/**
 * The normal form of `text` (docs/session-state.md, "Normal form"): percent-escapes
 * decoded, NFKC, case folded (upper then lower case, final sigma as `σ`, NFKC again:
 * Unicode's full folding but for a few letters such as `ı`), format characters
 * (`\p{Cf}`: zero-width, bidi controls, soft hyphen) removed, digits of every script
 * as ASCII, whitespace runs as one space, `mailto:`, `http://`, `https://`,
 * `ftp://` and a leading `www.` removed, a `/` ending a URL removed, the separators
 * (space, `-`, `.`) of an IBAN and the spaces and `-` between two digits removed.
 */
export function normalize(text: string): string {
  return normalized(text).text;
}

/** Normal text, and whether it is all ASCII: then its skeleton is itself and its words are runs of `[a-z0-9]`. */
export interface Normal {
  readonly text: string;
  readonly ascii: boolean;
}

/** The normal form of `text` (as `normalize`), with whether it is ASCII: tested once, as the steps after ask it again. */
export function normalized(text: string): Normal {
  const decoded = percentDecoded(text);
  // Most arguments are printable ASCII: one search tells so, and then that there is no whitespace but the space.
  const printable = !NOT_PRINTABLE.test(decoded);
  // Case folding and the removals after it keep ASCII text ASCII.
  const ascii = printable || isAscii(decoded);
  return { text: tidy(ascii ? decoded.toLowerCase() : foldedForms(decoded), printable ? PRINTABLE : ascii ? ASCII : UNICODE), ascii };
}

/** A code unit outside printable ASCII (the space to `~`). */
const NOT_PRINTABLE = /[^ -~]/;

/** Text already in normal form, with whether it is ASCII. */
export const normalText = (text: string): Normal => ({ text, ascii: isAscii(text) });

/** `text` with its runs of percent-escapes decoded where they are UTF-8 (the first step of the normal form). */
export function percentDecoded(text: string): string {
  return text.includes("%") ? text.replace(/(?:%[0-9a-fA-F]{2})+/g, decodePercent) : text;
}

// Each confusable character to its skeleton (confusables.ts), read from the generated table on first use.
let prototypes: Map<string, string> | undefined;
function confusable(c: string): string {
  prototypes ??= new Map(
    CONFUSABLES.split("\u0001").map((entry) => [String.fromCodePoint(entry.codePointAt(0)!), entry.slice(entry.codePointAt(0)! > 0xffff ? 2 : 1)]),
  );
  return prototypes.get(c) ?? c;
}

/**
 * The skeleton of normal text (docs/session-state.md, "Look-alikes"): each confusable character of Unicode TR39 as its
 * prototype, in lower case, on the decomposed form (a Cyrillic `ё` is `е` and a diaeresis), composed again after.
 * ASCII is kept as typed, so `0` and `o`, `1` and `l` stay apart; ASCII text is its own skeleton.
 */
export function skeleton(normal: string): string {
  if (isAscii(normal)) return normal;
  return normal
    .normalize("NFD")
    .replace(/[^\x00-\x7f]/gu, confusable)
    .normalize("NFKC")
    .replace(/[^\P{Nd}0-9]/gu, asciiDigit);
}

/** NFKC, case folding, format characters removed, digits as ASCII: for ASCII text, its lower case. */
export function unicodeForms(text: string): string {
  return isAscii(text) ? text.toLowerCase() : foldedForms(text);
}

/** `unicodeForms` of text that is not all ASCII. */
function foldedForms(text: string): string {
  return (
    text
      .normalize("NFKC")
      .toUpperCase()
      .toLowerCase()
      // Lower case writes a final sigma `ς`; case folding (CaseFolding.txt) maps it to `σ`.
      .replace(/ς/g, "σ")
      .normalize("NFKC")
      .replace(/\p{Cf}+/gu, "")
      .replace(/[^\P{Nd}0-9]/gu, asciiDigit)
  );
}

/** Whether the character `c` (one code unit or a surrogate) is part of a word: letters, marks, digits, `_` and `-`. */
function inWord(c: string): boolean {
  return /[\p{L}\p{M}\p{N}_-]|[\ud800-\udfff]/u.test(c);
}

/** Whether position `p` of normal text `t` is a token boundary: an end, or next to a character that is not in a word. */
export function boundary(t: string, p: number): boolean {
  return p <= 0 || p >= t.length || !inWord(t[p - 1]!) || !inWord(t[p]!);
}

/** The value a destination is compared by: its normal form, or the address of `Name <address>`. */
export function destination(value: string): string {
  return addressIn(normalize(value));
}

/** Normal text, or the address inside it when it is `Name <address>`. */
export function addressIn(normal: string): string {
  // Only text ending in `>` can be `Name <address>`: the test spares the search of every other value.
  if (!normal.endsWith(">")) return normal;
  return /^[^<>]*<([^<>]+)>$/.exec(normal)?.[1]!.trim() ?? normal;
}

// The code units that end a token (normal text has no whitespace but the space), and what a token must hold.
const ENDS = 1;
const LEADS = 2;
const TRAILS = 4;
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, u) => {
  const c = String.fromCharCode(u);
  return (" \"'`()<>[]{},;:|=&*\u0000".includes(c) ? ENDS : 0) | ("+#".includes(c) ? LEADS : 0) | (".!?/-".includes(c) ? TRAILS : 0);
});
const is = (u: number, flag: number): boolean => u < 128 && (ASCII_CLASS[u]! & flag) !== 0;
/** Digits that make a token an identifier without `@`, `/` or an inner `.`. */
export const DIGITS_IN_ID = 6;
const MIN_ID = 4;
const [AT, SLASH, DOT, ZERO, NINE] = [..."@/.09"].map((c) => c.charCodeAt(0));

/**
 * The identifiers in normal text: its tokens (runs between the space and
 * `"'`()<>[]{},;:|=&*` and NUL, less leading `+#` and trailing `.!?/-`) of 4
 * code units or more that hold `@`, `/`, a `.` between two characters, or 6
 * ASCII digits (addresses, URLs, hosts, file names, IBANs, account and phone
 * numbers); a URL (a token with `/` and no `@`) also gives its host (the part
 * before its first `/`) when that is 4 code units or more and holds an inner `.`.
 */
export function identifiers(normal: string): string[] {
  return identifiersIn(normal, 0, normal.length, []);
}

/** Adds to `found` the identifiers of the tokens of normal text between `from` and `to` (each end a token's end). */
export function identifiersIn(normal: string, from: number, to: number, found: string[]): string[] {
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && !is(normal.charCodeAt(i), ENDS)) continue;
    tokenIdentifiers(normal, start, i, found);
    start = i + 1;
  }
  return found;
}

/** Adds to `found` the identifiers of the one token of normal text between `start` and `end`. */
export function tokenIdentifiers(normal: string, start: number, end: number, found: string[]): void {
  let s = start;
  let e = end;
  while (s < e && is(normal.charCodeAt(s), LEADS)) s++;
  while (e > s && is(normal.charCodeAt(e - 1), TRAILS)) e--;
  if (e - s < MIN_ID) return;
  let at = false;
  let slash = -1;
  let dot = false;
  let digits = 0;
  for (let k = s; k < e; k++) {
    const u = normal.charCodeAt(k);
    if (u === AT) at = true;
    else if (u === SLASH) slash = slash < 0 ? k : slash;
    else if (u === DOT && k > s && k < e - 1) dot = true;
    else if (u >= ZERO! && u <= NINE!) digits++;
  }
  if (!at && slash < 0 && !dot && digits < DIGITS_IN_ID) return;
  found.push(normal.slice(s, e));
  if (slash > s && !at && slash - s >= MIN_ID && /.\../.test(normal.slice(s, slash))) found.push(normal.slice(s, slash));
}

/** The words of normal text: maximal runs of letters, marks and digits. */
export function words(normal: string): string[] {
  // Normal ASCII text has no upper case: its letters and digits are `[a-z0-9]`.
  return normal.match(isAscii(normal) ? /[a-z0-9]+/g : /[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** How many values (strings, numbers, lists, objects) one recorded content may hold: shared sub-objects must not make its text exponential. */
const MAX_CONTENT_VALUES = 1_000_000;

/** Thrown by `contentText` for content it cannot read whole: the caller must treat the session's content as lost. */
export class UnreadableContent extends Error {}

/**
 * The text of recorded content: a string is itself, a number its decimal form;
 * lists and objects give the text of their items, object keys included, joined
 * with NUL (a separator: no token or boundary-bounded value crosses it unless an
 * argument holds a NUL); `null`, booleans and anything else give nothing. A list
 * or object met again inside itself is skipped. Walks without recursion, so no
 * nesting overflows the stack; throws `UnreadableContent` when reading a part
 * throws or the content holds more than a million values, since text left out
 * would let provenance miss what the content carried.
 */
export function contentText(value: unknown): string {
  // Most outputs are one string: its text is itself.
  if (typeof value === "string") return value;
  const parts: string[] = [];
  const open = new Set<object>();
  // Work in reverse order: a value to visit, a key to emit, or the end of an open object (to close it).
  const work: ({ v: unknown } | { key: string } | { close: object })[] = [{ v: value }];
  let values = 0;
  try {
    while (work.length > 0) {
      const item = work.pop()!;
      if ("key" in item) {
        parts.push(item.key);
        continue;
      }
      if ("close" in item) {
        open.delete(item.close);
        continue;
      }
      const v = item.v;
      if (++values > MAX_CONTENT_VALUES) throw new UnreadableContent(`it holds more than ${MAX_CONTENT_VALUES} values`);
      if (typeof v === "string") parts.push(v);
      else if (typeof v === "number") {
        if (Number.isFinite(v)) parts.push(String(v));
      } else if (typeof v === "object" && v !== null && !open.has(v) && (Array.isArray(v) || isRecord(v))) {
        open.add(v);
        work.push({ close: v });
        if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) work.push({ v: v[i] });
        else {
          const entries = Object.entries(v);
          for (let i = entries.length - 1; i >= 0; i--) work.push({ v: entries[i]![1] }, { key: entries[i]![0] });
        }
      }
    }
  } catch (error) {
    if (error instanceof UnreadableContent) throw error;
    throw new UnreadableContent(`reading it threw: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parts.join("\u0000");
}
