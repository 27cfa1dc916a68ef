// The last steps of the normal form (whitespace, URL and address prefixes, separators), by direct search: the reference
// (compiler/src/reference/normal-form.ts) states them as regular expressions, and a property test holds the two equal.

/** A run of whitespace that is not a lone space; in ASCII text (the test above is about twice as slow). */
const UNTIDY_SPACE = /[^\S ]| \s/;
const UNTIDY_ASCII_SPACE = /[\t-\r]| [\t-\r ]/;
/** Where an IBAN may start: two letters and two digits after a word boundary. */
const IBAN_START = /\b[a-z]{2}[0-9]{2}/;
const IBAN = /\b[a-z]{2}[0-9]{2}(?:[ .-]?[0-9a-z]{4}){2,7}(?:[ .-]?[0-9a-z]{1,3})?\b/g;
const SPLIT_DIGITS = /[0-9][ -][0-9]/;
const IBAN_SEPARATOR = /[ .-]/;

/** What `tidy` is told of its text's code units: printable ASCII (the space to `~`), ASCII, or any. */
export const PRINTABLE = 0;
export const ASCII = 1;
export const UNICODE = 2;

/**
 * Text after case folding, tidied: whitespace runs as one space, `mailto:`, `http://`, `https://`, `ftp://` and a
 * leading `www.` removed, slashes ending a URL removed, the separators of an IBAN and the space or `-` between two
 * digits removed, no space at either end. Each step searches for what it changes first, so text without it is not
 * copied. `units`: PRINTABLE, ASCII or UNICODE, what the text is known to hold (printable text's only whitespace is
 * the space).
 */
export function tidy(folded: string, units: number): string {
  const untidy = units === PRINTABLE ? folded.includes("  ") : (units === ASCII ? UNTIDY_ASCII_SPACE : UNTIDY_SPACE).test(folded);
  let s = untidy ? folded.replace(/\s+/g, " ") : folded;
  s = without(s, prefixes(s));
  s = without(s, endSlashes(s));
  // An IBAN's separators are its only change: text without any (an IBAN as most arguments give it) is left alone.
  if (IBAN_START.test(s) && IBAN_SEPARATOR.test(s)) s = s.replace(IBAN, (iban) => iban.replace(/[ .-]/g, ""));
  if (SPLIT_DIGITS.test(s)) s = s.replace(/([0-9])[ -](?=[0-9])/g, "$1");
  return s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32 ? s.trim() : s;
}

/** `s` without the spans `cuts` lists (start and end pairs, in order, apart). */
function without(s: string, cuts: readonly number[]): string {
  if (cuts.length === 0) return s;
  let out = s.slice(0, cuts[0]);
  for (let i = 1; i < cuts.length; i += 2) out += s.slice(cuts[i], cuts[i + 1] ?? s.length);
  return out;
}

/** Whether code unit `u` is a word character as `\b` sees it: `[A-Za-z0-9_]`. */
const asciiWord = (u: number): boolean => (u >= 97 && u <= 122) || (u >= 65 && u <= 90) || (u >= 48 && u <= 57) || u === 95;

/** Whether the code point ending before `i` is a letter, mark, number, `_`, `.` or `-` (what keeps `www.` inside a name). */
function inName(s: string, i: number): boolean {
  if (i <= 0) return false;
  const u = s.charCodeAt(i - 1);
  if (u < 128) return asciiWord(u) || u === 46 || u === 45;
  const high = i >= 2 ? s.charCodeAt(i - 2) : 0;
  const c = u >= 0xdc00 && u <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? s.slice(i - 2, i) : s[i - 1]!;
  return /[\p{L}\p{M}\p{N}]/u.test(c);
}

/**
 * The spans of `mailto:`, `http://`, `https://` and `ftp://` after a word boundary, and of `www.` after anything but
 * a letter, mark, number, `_`, `.` or `-`, in order. No two can overlap: none holds the first letter of another
 * after its own start.
 */
function prefixes(s: string): number[] {
  const cuts: number[] = [];
  // Both `://` and `mailto:` hold a colon: text without one is searched for `www.` alone.
  if (s.includes(":")) colonPrefixes(s, cuts);
  for (let i = s.indexOf("www."); i >= 0; i = s.indexOf("www.", i + 1)) if (!inName(s, i)) cuts.push(i, i + 4);
  return cuts.length <= 2 ? cuts : sortedPairs(cuts);
}

/** Adds to `cuts` the spans of `http://`, `https://`, `ftp://` and `mailto:` after a word boundary. */
function colonPrefixes(s: string, cuts: number[]): void {
  for (let i = s.indexOf("://"); i >= 0; i = s.indexOf("://", i + 3)) {
    const start =
      i >= 5 && s.startsWith("https", i - 5) ? i - 5 : i >= 4 && s.startsWith("http", i - 4) ? i - 4 : i >= 3 && s.startsWith("ftp", i - 3) ? i - 3 : -1;
    if (start >= 0 && (start === 0 || !asciiWord(s.charCodeAt(start - 1)))) cuts.push(start, i + 3);
  }
  for (let i = s.indexOf("mailto:"); i >= 0; i = s.indexOf("mailto:", i + 7)) if (i === 0 || !asciiWord(s.charCodeAt(i - 1))) cuts.push(i, i + 7);
}

/** Start and end pairs sorted by start. */
function sortedPairs(cuts: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < cuts.length; i += 2) pairs.push([cuts[i]!, cuts[i + 1]!]);
  return pairs.sort((a, b) => a[0] - b[0]).flat();
}

// What may follow the slashes that end a URL: whitespace (a space, once whitespace is tidied), `"'`()<>[]{},;|=&*` or NUL.
const AFTER_URL = Uint8Array.from({ length: 128 }, (_, u) => (" \"'`()<>[]{},;|=&*\u0000".includes(String.fromCharCode(u)) ? 1 : 0));

/** The spans of runs of `/` followed by the end of `s` or a character of AFTER_URL. */
function endSlashes(s: string): number[] {
  const cuts: number[] = [];
  for (let i = s.indexOf("/"); i >= 0; ) {
    let e = i + 1;
    while (s.charCodeAt(e) === 47) e++;
    const u = s.charCodeAt(e);
    if (e === s.length || (u < 128 && AFTER_URL[u] === 1)) cuts.push(i, e);
    i = s.indexOf("/", e);
  }
  return cuts;
}
