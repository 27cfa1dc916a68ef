// The parts of normal text that "carries" compares (its identifiers and its runs of words, hashed), found in one scan.
import { DIGITS_IN_ID, identifiersIn, RUN_WORDS, skeleton, tokenIdentifiers, words, type Normal } from "./text.js";

// Two polynomial hashes modulo 2^32 with multipliers drawn per process: content cannot be crafted to collide, and
// two different runs of words share both by chance with probability about 2^-64.
const BASE1 = (Math.floor(Math.random() * 0x1_0000_0000) | 1) >>> 0;
const BASE2 = (Math.floor(Math.random() * 0x1_0000_0000) | 1) >>> 0;
// What the first word of a run is multiplied by: BASE^(RUN_WORDS - 1).
const OUT1 = Array.from({ length: RUN_WORDS - 1 }).reduce<number>((p) => Math.imul(p, BASE1), 1);
const OUT2 = Array.from({ length: RUN_WORDS - 1 }).reduce<number>((p) => Math.imul(p, BASE2), 1);

/**
 * The parts of one normal text: its identifiers, and the two hashes of each run of RUN_WORDS words in order
 * (`runs[2k]`, `runs[2k + 1]` for the run that ends at word `k + RUN_WORDS - 1`), `count` runs in all. The runs of
 * ASCII text are in a buffer the next `partsOf` of ASCII text writes over: read them first.
 */
export interface Parts {
  readonly ids: string[];
  readonly runs: Int32Array;
  readonly count: number;
}

/** The parts of normal text; by the skeletons of its identifiers and words when `bySkeleton` (ASCII text is its own). */
export function partsOf({ text, ascii }: Normal, bySkeleton: boolean): Parts {
  if (ascii) return asciiParts(text);
  const ids = identifiersIn(text, 0, text.length, []);
  const w = words(text);
  return runsOf(bySkeleton ? ids.map(skeleton) : ids, bySkeleton ? w.map(skeleton) : w);
}

/** The two hashes of the string `textHashes` was given last. */
export const hashed = new Int32Array(2);

/** Writes into `hashed` the two hashes of a whole string (an identifier), as a run's words are hashed: its code units, then its length. */
export function textHashes(s: string): void {
  let h1 = 0;
  let h2 = 0;
  for (let k = 0; k < s.length; k++) {
    h1 = (Math.imul(h1, BASE2) + s.charCodeAt(k)) | 0;
    h2 = (Math.imul(h2, BASE1) + s.charCodeAt(k)) | 0;
  }
  hashed[0] = (Math.imul(h1, BASE2) + s.length) | 0;
  hashed[1] = (Math.imul(h2, BASE1) + s.length) | 0;
}

// A word's own two hashes use the other multiplier, so that a run's hash is a polynomial over its words: its code
// units, then its length. `runsOf` and `asciiParts` must agree on a word whatever text it is in.

/** The parts given the identifiers and the words. */
function runsOf(ids: string[], w: readonly string[]): Parts {
  const runs = new Int32Array(2 * Math.max(0, w.length - RUN_WORDS + 1));
  let r1 = 0;
  let r2 = 0;
  const w1 = new Int32Array(w.length);
  const w2 = new Int32Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const word = w[i]!;
    let h1 = 0;
    let h2 = 0;
    for (let k = 0; k < word.length; k++) {
      h1 = (Math.imul(h1, BASE2) + word.charCodeAt(k)) | 0;
      h2 = (Math.imul(h2, BASE1) + word.charCodeAt(k)) | 0;
    }
    w1[i] = (Math.imul(h1, BASE2) + word.length) | 0;
    w2[i] = (Math.imul(h2, BASE1) + word.length) | 0;
    if (i >= RUN_WORDS) {
      r1 = (r1 - Math.imul(w1[i - RUN_WORDS]!, OUT1)) | 0;
      r2 = (r2 - Math.imul(w2[i - RUN_WORDS]!, OUT2)) | 0;
    }
    r1 = (Math.imul(r1, BASE1) + w1[i]!) | 0;
    r2 = (Math.imul(r2, BASE2) + w2[i]!) | 0;
    if (i >= RUN_WORDS - 1) {
      runs[2 * (i - RUN_WORDS + 1)] = r1;
      runs[2 * (i - RUN_WORDS + 1) + 1] = r2;
    }
  }
  return { ids, runs, count: runs.length >> 1 };
}

// The runs of the latest ASCII scan, and the hashes of its last RUN_WORDS words.
let scratch = new Int32Array(2048);
const ring1 = new Int32Array(RUN_WORDS);
const ring2 = new Int32Array(RUN_WORDS);

// What each ASCII code unit is to the scan: part of a word (`[a-z0-9]`, normal ASCII text has no upper case), a digit,
// the end of a token (as `identifiers` splits tokens), or a mark that makes a token worth checking for identifiers.
const WORD = 1;
const DIGIT = 2;
const END = 4;
const MARK = 8;
const CLASS = Uint8Array.from({ length: 128 }, (_, u) => {
  const c = String.fromCharCode(u);
  const word = /[a-z0-9]/.test(c) ? WORD : 0;
  return word | (/[0-9]/.test(c) ? DIGIT : 0) | (" \"'`()<>[]{},;:|=&*\u0000".includes(c) ? END : 0) | ("@/.".includes(c) ? MARK : 0);
});
// INVARIANT (ring): RUN_WORDS is a power of two, so a word's slot in the ring of the last RUN_WORDS words is a mask.
const SLOT = RUN_WORDS - 1;

/**
 * The parts of normal ASCII text in one pass over its code units: a token is checked for identifiers (`tokenIdentifiers`)
 * only when it holds `@`, `/`, `.` or 6 digits.
 */
function asciiParts(t: string): Parts {
  const ids: string[] = [];
  // Allocating typed arrays was a quarter of the scan's time: the buffers are kept between scans.
  if (scratch.length < 2 * ((t.length >> 1) + 1)) scratch = new Int32Array(2 * t.length + 2);
  const runs = scratch;
  let count = 0;
  let n = 0;
  let r1 = 0;
  let r2 = 0;
  let token = 0;
  let marked = false;
  let digits = 0;
  // The end of the text ends its last word and token as a NUL would: the loop runs once past it.
  for (let k = 0, end = t.length; k <= end; k++) {
    let u = k < end ? t.charCodeAt(k) : 0;
    let kind = CLASS[u]!;
    if ((kind & WORD) !== 0) {
      // A word is hashed in a loop of its own: the one-loop scan, testing each code unit for every case, cost a third more.
      const start = k;
      let h1 = 0;
      let h2 = 0;
      for (;;) {
        h1 = (Math.imul(h1, BASE2) + u) | 0;
        h2 = (Math.imul(h2, BASE1) + u) | 0;
        digits += (kind & DIGIT) >> 1;
        if (++k === end) {
          // The end of the text ends the word and its token, as a NUL would.
          kind = END;
          break;
        }
        u = t.charCodeAt(k);
        kind = CLASS[u]!;
        if ((kind & WORD) === 0) break;
      }
      const length = k - start;
      const slot = n & SLOT;
      const w1 = (Math.imul(h1, BASE2) + length) | 0;
      const w2 = (Math.imul(h2, BASE1) + length) | 0;
      if (n >= RUN_WORDS) {
        r1 = (r1 - Math.imul(ring1[slot]!, OUT1)) | 0;
        r2 = (r2 - Math.imul(ring2[slot]!, OUT2)) | 0;
      }
      r1 = (Math.imul(r1, BASE1) + w1) | 0;
      r2 = (Math.imul(r2, BASE2) + w2) | 0;
      ring1[slot] = w1;
      ring2[slot] = w2;
      if (++n >= RUN_WORDS) {
        runs[2 * count] = r1;
        runs[2 * count++ + 1] = r2;
      }
    }
    if ((kind & MARK) !== 0) marked = true;
    else if ((kind & END) !== 0) {
      if (marked || digits >= DIGITS_IN_ID) tokenIdentifiers(t, token, k, ids);
      token = k + 1;
      marked = false;
      digits = 0;
    }
  }
  return { ids, runs, count };
}
