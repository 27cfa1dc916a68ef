// Provenance text: the normal form content and arguments are compared in, the whole tokens they contain, and the text of a tool output.
import { isRecord } from "./values.js";

/** The length of the windows of normal form that prove text was carried (docs/session-state.md). */
export const WINDOW = 16;

/** Content is indexed by its windows starting at every STRIDE-th code unit: any shared run of WINDOW + STRIDE - 1 holds one. */
export const STRIDE = 4;

/** The shortest whole token, in code units. */
const MIN_TOKEN = 4;

const WHITESPACE = -1;
const UNKNOWN = -2;
// Built on first use: 256 KiB the runtime does not allocate unless a policy reads provenance.
let folds: Int32Array | undefined;

/**
 * What the code unit `u` becomes in normal form: `-1` for whitespace (the
 * characters of JavaScript's `\s`, dropped), else its lower case when that is a
 * single code unit, else `u` itself. Case is folded one code unit at a time, so
 * `İ` (whose lower case is two code units) and a final `Σ` stay as they are.
 */
export function fold(u: number): number {
  const table = (folds ??= new Int32Array(0x10000).fill(UNKNOWN));
  let f = table[u]!;
  if (f === UNKNOWN) table[u] = f = computeFold(u);
  return f;
}

function computeFold(u: number): number {
  const c = String.fromCharCode(u);
  const lower = c.toLowerCase();
  return /\s/.test(c) ? WHITESPACE : lower.length === 1 ? lower.charCodeAt(0) : u;
}

// What each ASCII code unit folds to, and what it is to a word: it ends one (whitespace; quotes, brackets, list and
// query punctuation, emphasis, NUL), marks a token (a digit, `@`, `.`, `/`), or is punctuation a token does not end
// with (`.:!?/`: `bo@x.io.` and `https://x.io/` end before it). Tables, because one pass over text is the hot loop.
const ASCII_FOLD = Int32Array.from({ length: 128 }, (_, u) => computeFold(u));
const ENDS = 1;
const MARKS = 2;
const TRAILS = 4;
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, u) => {
  const c = String.fromCharCode(u);
  return ("\"'`()<>[]{},;|=&*\u0000".includes(c) || /\s/.test(c) ? ENDS : 0) | (/[0-9@./]/.test(c) ? MARKS : 0) | (".:!?/".includes(c) ? TRAILS : 0);
});

// Normal forms are built in this buffer, reused between calls.
let buffer = new Uint16Array(1024);

/** The normal form of `text` as code units, in a shared buffer valid until the next call. */
export function foldUnits(text: string): Uint16Array {
  if (buffer.length < text.length) buffer = new Uint16Array(Math.max(text.length, buffer.length * 2));
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const f = u < 128 ? ASCII_FOLD[u]! : fold(u);
    if (f !== WHITESPACE) buffer[n++] = f;
  }
  return buffer.subarray(0, n);
}

/** The string of some code units. */
export function fromUnits(units: Uint16Array): string {
  let out = "";
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
  return out;
}

/** The normal form of `text`: whitespace dropped, every other code unit folded to lower case (see `fold`). */
export function normalize(text: string): string {
  return fromUnits(foldUnits(text));
}

/** Whether the code unit `u` ends a word. */
function ends(u: number): boolean {
  return u < 128 ? (ASCII_CLASS[u]! & ENDS) !== 0 : fold(u) === WHITESPACE;
}

/** Whether the code unit `u` is a class of ASCII `flag`. */
function is(u: number, flag: number): boolean {
  return u < 128 && (ASCII_CLASS[u]! & flag) !== 0;
}

/**
 * The whole tokens of `text`, in normal form: the words (maximal runs between
 * whitespace and the separators `"'`()<>[]{},;|=&*` and NUL), less trailing
 * `.:!?/`, that are at least 4 code units long and contain an ASCII digit, `@`,
 * `.` or `/`: e-mail addresses, URLs, IBANs, numbers, file names.
 */
export function tokens(text: string): string[] {
  const found: string[] = [];
  let start = 0;
  let marked = false;
  for (let i = 0; i <= text.length; i++) {
    const u = i < text.length ? text.charCodeAt(i) : 0;
    if (i < text.length && !ends(u)) {
      if (is(u, MARKS)) marked = true;
      continue;
    }
    if (marked) {
      let end = i;
      while (end > start && is(text.charCodeAt(end - 1), TRAILS)) end--;
      // Stripping may have removed the only mark (`abcd.`): look again, over what is left.
      let kept = false;
      for (let k = start; k < end && !kept; k++) kept = is(text.charCodeAt(k), MARKS);
      if (kept && end - start >= MIN_TOKEN) found.push(normalize(text.slice(start, end)));
    }
    start = i + 1;
    marked = false;
  }
  return found;
}

/** How many values (strings, numbers, lists, objects) one recorded content may hold: shared sub-objects must not make its text exponential. */
const MAX_CONTENT_VALUES = 1_000_000;

/** Thrown by `contentText` for content it cannot read whole: the caller must treat the session's content as lost. */
export class UnreadableContent extends Error {}

/**
 * The text of recorded content: a string is itself, a number its decimal form;
 * lists and objects give the text of their items, object keys included, joined
 * with NUL (which no window or token crosses unless an argument holds a NUL);
 * `null`, booleans and anything else give nothing. A list or object met again
 * inside itself is skipped. Walks without recursion, so no nesting overflows
 * the stack; throws `UnreadableContent` when reading a part throws or the
 * content holds more than a million values, since text left out would let
 * provenance miss what the content carried.
 */
export function contentText(value: unknown): string {
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
      else if (typeof v === "number") Number.isFinite(v) && parts.push(String(v));
      else if (typeof v === "object" && v !== null && !open.has(v) && (Array.isArray(v) || isRecord(v))) {
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
