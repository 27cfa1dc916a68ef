// A session's labelled content, indexed for the two provenance relations: "came from" and "carries" (docs/session-state.md).
import type { ContentEvidence, ContentIndex, ContentSource } from "../contract.js";
import { destination, identifiers, normalize, RUN_WORDS, skeleton, words } from "./text.js";

/** The label content is kept under, besides its own, when it lacks `untrusted`: the "other sources" `tainted` asks about. */
export const OTHER_THAN_UNTRUSTED = "!untrusted";

// Two polynomial hashes modulo 2^32 with multipliers drawn per process: content cannot be crafted to collide, and
// two different runs of words share both by chance with probability about 2^-64.
const BASE1 = (Math.floor(Math.random() * 0x1_0000_0000) | 1) >>> 0;
const BASE2 = (Math.floor(Math.random() * 0x1_0000_0000) | 1) >>> 0;
// What the first word of a run is multiplied by: BASE^(RUN_WORDS - 1).
const OUT1 = Array.from({ length: RUN_WORDS - 1 }).reduce<number>((p) => Math.imul(p, BASE1), 1);
const OUT2 = Array.from({ length: RUN_WORDS - 1 }).reduce<number>((p) => Math.imul(p, BASE2), 1);

/** Whether normal text is ASCII: then it is its own skeleton. */
const ascii = (normal: string): boolean => /^[\x00-\x7f]*$/.test(normal);

/**
 * Calls `each` with the two hashes of every run of RUN_WORDS words of normal text (a rolling hash over word hashes),
 * and the index of its last word; over the words' skeletons when `bySkeleton`.
 */
function eachRun(normal: string, bySkeleton: boolean, each: (h1: number, h2: number, last: number) => boolean | void): boolean {
  const { w1, w2, n } = ascii(normal) ? asciiWordHashes(normal) : wordHashes(bySkeleton ? words(normal).map(skeleton) : words(normal));
  let r1 = 0;
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    if (i >= RUN_WORDS) {
      r1 = (r1 - Math.imul(w1[i - RUN_WORDS]!, OUT1)) | 0;
      r2 = (r2 - Math.imul(w2[i - RUN_WORDS]!, OUT2)) | 0;
    }
    r1 = (Math.imul(r1, BASE1) + w1[i]!) | 0;
    r2 = (Math.imul(r2, BASE2) + w2[i]!) | 0;
    if (i >= RUN_WORDS - 1 && each(r1, r2, i) === true) return true;
  }
  return false;
}

// A word's own two hashes use the other multiplier, so that a run's hash is a polynomial over its words: its code
// units, then its length. `wordHashes` and `asciiWordHashes` must agree on a word whatever text it is in.

/** The hashes of each of `w`. */
function wordHashes(w: readonly string[]): { w1: Int32Array; w2: Int32Array; n: number } {
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
  }
  return { w1, w2, n: w.length };
}

/** The hashes of the words of normal ASCII text (runs of `[a-z0-9]`, as `words` finds them), without making the words. */
function asciiWordHashes(normal: string): { w1: Int32Array; w2: Int32Array; n: number } {
  const w1 = new Int32Array((normal.length >> 1) + 1);
  const w2 = new Int32Array((normal.length >> 1) + 1);
  let n = 0;
  let h1 = 0;
  let h2 = 0;
  let length = 0;
  for (let k = 0; k <= normal.length; k++) {
    const u = k < normal.length ? normal.charCodeAt(k) : 0;
    if ((u >= 97 && u <= 122) || (u >= 48 && u <= 57)) {
      h1 = (Math.imul(h1, BASE2) + u) | 0;
      h2 = (Math.imul(h2, BASE1) + u) | 0;
      length++;
    } else if (length > 0) {
      w1[n] = (Math.imul(h1, BASE2) + length) | 0;
      w2[n++] = (Math.imul(h2, BASE1) + length) | 0;
      h1 = h2 = length = 0;
    }
  }
  return { w1, w2, n };
}

/** A set of runs by their two hashes: open addressing over pairs of 32-bit slots (a pair of zeros marks an empty slot). */
class RunSet {
  private slots = new Int32Array(32);
  private size = 0;

  has(h1: number, h2: number): boolean {
    const k2 = h2 === 0 && h1 === 0 ? 1 : h2;
    const mask = (this.slots.length >> 1) - 1;
    for (let i = Math.imul(h1 ^ k2, 0x9e3779b1) >>> 0 & mask; ; i = (i + 1) & mask) {
      const a = this.slots[2 * i]!;
      const b = this.slots[2 * i + 1]!;
      if (a === 0 && b === 0) return false;
      if (a === h1 && b === k2) return true;
    }
  }

  add(h1: number, h2: number): void {
    const k2 = h2 === 0 && h1 === 0 ? 1 : h2;
    const mask = (this.slots.length >> 1) - 1;
    let i = Math.imul(h1 ^ k2, 0x9e3779b1) >>> 0 & mask;
    for (; this.slots[2 * i] !== 0 || this.slots[2 * i + 1] !== 0; i = (i + 1) & mask) if (this.slots[2 * i] === h1 && this.slots[2 * i + 1] === k2) return;
    this.slots[2 * i] = h1;
    this.slots[2 * i + 1] = k2;
    // INVARIANT (load): at most three quarters of the slots are used, so every probe ends at an empty slot.
    if (++this.size * 4 > (this.slots.length >> 1) * 3) this.grow();
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.size = 0;
    for (let j = 0; j < old.length; j += 2) if (old[j] !== 0 || old[j + 1] !== 0) this.add(old[j]!, old[j + 1]!);
  }
}

// Whether each BMP code unit is part of a word (as `boundary` in text.ts says), computed on first use.
let wordUnits: Uint8Array | undefined;
function inWord(u: number): boolean {
  const table = (wordUnits ??= new Uint8Array(0x10000).fill(2));
  let w = table[u]!;
  if (w === 2) table[u] = w = /[\p{L}\p{M}\p{N}_-]|[\ud800-\udfff]/u.test(String.fromCharCode(u)) ? 1 : 0;
  return w === 1;
}

/** Whether position `p` of `t` is a token boundary (docs/session-state.md). */
function bounded(t: string, p: number): boolean {
  return p <= 0 || p >= t.length || !inWord(t.charCodeAt(p - 1)) || !inWord(t.charCodeAt(p));
}

/** The skeleton hashes of the first run of normal text that `bad` holds by skeleton and `others` does not hold as written. */
function taintedRun(normal: string, bad: Labelled, others: Labelled | undefined): [number, number] | undefined {
  const written: number[] = [];
  if (others && !ascii(normal)) eachRun(normal, false, (h1, h2) => void written.push(h1, h2));
  let found: [number, number] | undefined;
  eachRun(normal, true, (h1, h2, last) => {
    const i = 2 * (last - RUN_WORDS + 1);
    if (!bad.runs.has(h1, h2) || (others && (written.length === 0 ? others.runs.has(h1, h2) : others.runs.has(written[i]!, written[i + 1]!)))) return false;
    found = [h1, h2];
    return true;
  });
  return found;
}

/** Where normal text `t` holds `v` bounded by token boundaries first, or -1. */
function occurrence(t: string, v: string): number {
  for (let at = t.indexOf(v); at >= 0; at = t.indexOf(v, at + 1)) if (bounded(t, at) && bounded(t, at + v.length)) return at;
  return -1;
}

/** Code units of context an excerpt shows on each side of a match. */
const EXCERPT = 40;

/** Where each word of normal text (as `words` finds them) starts and ends. */
function wordSpans(normal: string): [number, number][] {
  const pattern = /^[\x00-\x7f]*$/.test(normal) ? /[a-z0-9]+/g : /[\p{L}\p{M}\p{N}]+/gu;
  return [...normal.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * What is known about one label: its content (as places in `SessionContents.items`), its identifiers and the hashes
 * of its runs of words, by skeleton (as `carries` compares them), or as written for OTHER_THAN_UNTRUSTED (`tainted`'s
 * other sources, which must hold a part as written: a look-alike of the user's value is not the user's).
 */
interface Labelled {
  readonly texts: number[];
  readonly ids: Set<string>;
  readonly runs: RunSet;
  /** Built on the first `cameFrom` of the label: where each word (as `bounded` sees words) starts in its texts. */
  words?: WordPlaces;
}

/**
 * The maximal runs of word code units of some texts, each with where it starts: item and offset pairs. Every word of
 * a value that occurs bounded by token boundaries is a whole word of the content at the same distance from the start
 * of the occurrence (the value's first word has a boundary or a non-word code unit before it, its last one after it),
 * so the places of the value's rarest word are the only places it can occur.
 */
class WordPlaces {
  readonly places = new Map<string, number[]>();
  /** How many of the label's texts are indexed. */
  indexed = 0;

  add(item: number, t: string): void {
    eachWord(t, (start, end) => {
      const word = t.slice(start, end);
      const at = this.places.get(word);
      if (at) at.push(item, start);
      else this.places.set(word, [item, start]);
      return true;
    });
  }
}

/** Calls `each` with the start and end of each maximal run of word code units of `t`, while it returns true. */
function eachWord(t: string, each: (start: number, end: number) => boolean): void {
  for (let i = 0; i < t.length; ) {
    if (!inWord(t.charCodeAt(i))) {
      i++;
      continue;
    }
    let e = i + 1;
    while (e < t.length && inWord(t.charCodeAt(e))) e++;
    if (!each(i, e)) return;
    i = e;
  }
}

/**
 * The content of one session. `cameFrom` searches the normal forms with the
 * engine's substring search and checks the boundaries around each hit (time
 * linear in the label's content);
 * `carries` and `tainted` look up the string's identifiers and runs of words in
 * sets (time linear in the string's length, whatever the content). Adding content
 * costs time linear in its length.
 */
export class SessionContents implements ContentIndex {
  private readonly labels = new Map<string, Labelled>();
  /** Each content's normal form and source, in the order added (only content some label searches). */
  private readonly items: { readonly normal: string; readonly source: ContentSource | undefined; readonly place: number }[] = [];
  /** How many contents were added. */
  private added = 0;
  /** Code units indexed: each text's normal form once per label it is indexed under. */
  indexed = 0;

  /** Indexes `text` under each of `labels`; `source` is the call whose output it was. */
  add(text: string, labels: readonly string[], source?: ContentSource): void {
    const normal = normalize(text);
    const place = this.added++;
    let item = -1;
    const written = { ids: identifiers(normal), runs: [] as number[] };
    eachRun(normal, false, (h1, h2) => void written.runs.push(h1, h2));
    let looks = written;
    if (!ascii(normal)) {
      looks = { ids: written.ids.map(skeleton), runs: [] };
      eachRun(normal, true, (h1, h2) => void looks.runs.push(h1, h2));
    }
    for (const label of new Set(labels)) {
      const { ids, runs } = label === OTHER_THAN_UNTRUSTED ? written : looks;
      let entry = this.labels.get(label);
      if (!entry) this.labels.set(label, (entry = { texts: [], ids: new Set(), runs: new RunSet() }));
      if (label !== OTHER_THAN_UNTRUSTED) {
        if (item < 0) item = this.items.push({ normal, source, place }) - 1;
        entry.texts.push(item);
      }
      for (const id of ids) entry.ids.add(id);
      for (let i = 0; i < runs.length; i += 2) entry.runs.add(runs[i]!, runs[i + 1]!);
      this.indexed += normal.length;
    }
  }

  cameFrom(value: string, label: string): boolean {
    const entry = this.labels.get(label);
    const v = destination(value);
    if (!entry || v === "") return false;
    // The value's words, and the fewest places one of them has; a value with no word can be anywhere.
    let rarest: number[] | undefined;
    let offset = 0;
    let missing = false;
    const places = this.wordPlaces(entry);
    eachWord(v, (start, end) => {
      const at = places.places.get(v.slice(start, end));
      if (!at) return !(missing = true);
      if (!rarest || at.length < rarest.length) [rarest, offset] = [at, start];
      return true;
    });
    if (missing) return false;
    if (!rarest) return entry.texts.some((i) => occurrence(this.items[i]!.normal, v) >= 0);
    for (let k = 0; k < rarest.length; k += 2) {
      const t = this.items[rarest[k]!]!.normal;
      const at = rarest[k + 1]! - offset;
      if (at >= 0 && t.startsWith(v, at) && bounded(t, at) && bounded(t, at + v.length)) return true;
    }
    return false;
  }

  /** The places of the words of `entry`'s texts, indexed up to its latest text. */
  private wordPlaces(entry: Labelled): WordPlaces {
    const places = (entry.words ??= new WordPlaces());
    for (; places.indexed < entry.texts.length; places.indexed++) places.add(entry.texts[places.indexed]!, this.items[entry.texts[places.indexed]!]!.normal);
    return places;
  }

  carries(text: string, label: string): boolean {
    const entry = this.labels.get(label);
    if (!entry) return false;
    const normal = normalize(text);
    return identifiers(normal).some((id) => entry.ids.has(skeleton(id))) || eachRun(normal, true, (h1, h2) => entry.runs.has(h1, h2));
  }

  tainted(text: string): boolean {
    const bad = this.labels.get("untrusted");
    if (!bad) return false;
    const others = this.labels.get(OTHER_THAN_UNTRUSTED);
    const normal = normalize(text);
    return identifiers(normal).some((id) => bad.ids.has(skeleton(id)) && !others?.ids.has(id)) || taintedRun(normal, bad, others) !== undefined;
  }

  exposed(label: string): boolean {
    return this.labels.has(label);
  }

  evidence(check: "from" | "tainted", value: string, label: string): ContentEvidence | undefined {
    if (check === "from") {
      const v = destination(value);
      if (v === "") return undefined;
      return this.find(label, (t) => {
        const at = occurrence(t, v);
        return at < 0 ? undefined : [at, at + v.length];
      });
    }
    const others = this.labels.get(OTHER_THAN_UNTRUSTED);
    const bad = this.labels.get("untrusted");
    if (!bad) return undefined;
    const normal = normalize(value);
    const id = identifiers(normal).find((i) => bad.ids.has(skeleton(i)) && !others?.ids.has(i));
    if (id !== undefined) {
      const look = skeleton(id);
      return this.find("untrusted", (t) => {
        const theirs = identifiers(t).find((i) => skeleton(i) === look);
        if (theirs === undefined) return undefined;
        for (let at = t.indexOf(theirs); at >= 0; at = t.indexOf(theirs, at + 1)) if (bounded(t, at) && bounded(t, at + theirs.length)) return [at, at + theirs.length];
        const at = t.indexOf(theirs);
        return [at, at + theirs.length];
      });
    }
    const run = taintedRun(normal, bad, others);
    if (!run) return undefined;
    const [r1, r2] = run;
    return this.find("untrusted", (t) => {
      const spans = wordSpans(t);
      let found: [number, number] | undefined;
      eachRun(t, true, (h1, h2, last) => (h1 === r1 && h2 === r2 ? ((found = [spans[last - RUN_WORDS + 1]![0], spans[last]![1]]), true) : false));
      return found;
    });
  }

  /** The evidence in the first content labelled `label` where `locate` finds a match (its start and end in the normal form). */
  private find(label: string, locate: (normal: string) => [number, number] | undefined): ContentEvidence | undefined {
    for (const i of this.labels.get(label)?.texts ?? []) {
      const { normal, source, place } = this.items[i]!;
      const span = locate(normal);
      if (!span) continue;
      const [start, end] = span;
      const excerpt = normal.slice(Math.max(0, start - EXCERPT), end + EXCERPT);
      return { label, matched: normal.slice(start, end), excerpt, content: place, ...(source ? { source } : {}) };
    }
    return undefined;
  }

  /** Approximate bytes held: the normal forms (two bytes a code unit at most), identifiers, run hashes and word places. */
  get bytes(): number {
    let bytes = 0;
    for (const { normal } of this.items) bytes += normal.length * 2;
    for (const { texts, ids, runs, words } of this.labels.values()) {
      bytes += texts.length * 8;
      for (const [word, at] of words?.places ?? []) bytes += 32 + word.length * 2 + at.length * 8;
      for (const id of ids) bytes += 32 + id.length * 2;
      bytes += runs.bytes;
    }
    return bytes;
  }
}
