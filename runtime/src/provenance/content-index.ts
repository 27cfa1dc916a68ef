// A session's labelled content, indexed for the two provenance relations: "came from" and "carries" (docs/session-state.md).
import type { ContentEvidence, ContentIndex, ContentSource } from "../contract.js";
import { destination, identifiers, isAscii, normalized, normalText, RUN_WORDS, skeleton, type Normal } from "./text.js";
import { hashed, partsOf, textHashes, type Parts } from "./text-parts.js";
import { indexLater, type Deferred } from "./background.js";
import { PairSet } from "./pair-set.js";

/** The label content is kept under, besides its own, when it lacks `untrusted`: the "other sources" `tainted` asks about. */
export const OTHER_THAN_UNTRUSTED = "!untrusted";

/** Whether `set` holds string `s` by its two hashes. */
function held(set: PairSet, s: string): boolean {
  textHashes(s);
  return set.has(hashed[0]!, hashed[1]!);
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

/**
 * The index of the first run of `written` (the parts of a text as written) that `bad` holds by skeleton (`looks`: the
 * text's parts by skeleton, the same parts for ASCII text) and `others` does not hold as written, or -1.
 */
function taintedRun(written: Parts, looks: Parts, bad: Labelled, others: Labelled | undefined): number {
  for (let k = 0; k < looks.count; k++) {
    if (!bad.runs.has(looks.runs[2 * k]!, looks.runs[2 * k + 1]!)) continue;
    if (others?.runs.has(written.runs[2 * k]!, written.runs[2 * k + 1]!)) continue;
    return k;
  }
  return -1;
}

/** Whether identifier `id` of text as written is, by skeleton, one of `bad`'s and, as written, none of `others`'. */
function planted(id: string, ascii: boolean, bad: Labelled, others: Labelled | undefined): boolean {
  // ASCII text is its own skeleton: its two hashes serve both lookups.
  const look = ascii ? id : skeleton(id);
  textHashes(look);
  const h1 = hashed[0]!;
  const h2 = hashed[1]!;
  if (!bad.ids.has(h1, h2)) return false;
  if (!others) return true;
  return look === id ? !others.ids.has(h1, h2) : !held(others.ids, id);
}

/** The parts of normal text by skeleton, given its parts as written. */
const looksOf = (normal: Normal, written: Parts): Parts => (normal.ascii ? written : partsOf(normal, true));

/** Where normal text `t` holds `v` bounded by token boundaries first, or -1. */
function occurrence(t: string, v: string): number {
  for (let at = t.indexOf(v); at >= 0; at = t.indexOf(v, at + 1)) if (bounded(t, at) && bounded(t, at + v.length)) return at;
  return -1;
}

/** Code units of context an excerpt shows on each side of a match. */
const EXCERPT = 40;

/** Where each word of normal text (as `words` finds them) starts and ends. */
function wordSpans(normal: string): [number, number][] {
  const pattern = isAscii(normal) ? /[a-z0-9]+/g : /[\p{L}\p{M}\p{N}]+/gu;
  return [...normal.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

/** Content added and not indexed yet. */
interface Waiting {
  readonly text: string;
  readonly labels: readonly string[];
  readonly source: ContentSource | undefined;
  /** Its place among every content added (evidence names it). */
  readonly place: number;
}

/**
 * What is known about one label: its content (as places in `SessionContents.items`), its identifiers and the hashes
 * of its runs of words, by skeleton (as `carries` compares them), or as written for OTHER_THAN_UNTRUSTED (`tainted`'s
 * other sources, which must hold a part as written: a look-alike of the user's value is not the user's).
 */
interface Labelled {
  readonly texts: number[];
  /** The identifiers, by their two hashes: holding them as strings would keep whole texts alive (a slice refers to its text). */
  readonly ids: PairSet;
  readonly runs: PairSet;
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
 * The content of one session. `cameFrom` checks the places of the value's rarest
 * word in the label's word index (time linear in the value plus those places);
 * `carries` and `tainted` look up the string's identifiers and runs of words in
 * sets (time linear in the string's length, whatever the content). Adding content
 * only queues it; indexing it, on a later turn or at the first query, costs time
 * linear in its length.
 */
export class SessionContents implements ContentIndex, Deferred {
  private readonly labels = new Map<string, Labelled>();
  /** Each content's normal form and source, in the order added (only content some label searches). */
  private readonly items: { readonly normal: string; readonly source: ContentSource | undefined; readonly place: number }[] = [];
  /** Content added but not indexed yet, oldest first from `next`: every query indexes it first. */
  private readonly waiting: (Waiting | undefined)[] = [];
  private next = 0;
  /** How many contents were added. */
  private added = 0;
  /** Code units kept: each text as given, once per label it is kept under (what `contentUnits` bounds). */
  kept = 0;

  /** `background`: index added content on later turns of the event loop too, not only when a query needs it. */
  constructor(private readonly background = false) {}

  /**
   * Keeps `text` under each of `labels`; `source` is the call whose output it was. The text is indexed when a query
   * first needs it or, with `background`, while the host is idle, whichever comes first: recording costs no indexing.
   */
  add(text: string, labels: readonly string[], source?: ContentSource): void {
    // Most content has one label (a tool's `returns`). A copy: the caller's list may change before the text is indexed.
    const unique = labels.length === 1 ? [labels[0]!] : [...new Set(labels)];
    for (const label of unique) if (!this.labels.has(label)) this.labels.set(label, { texts: [], ids: new PairSet(), runs: new PairSet() });
    if (this.background && this.next === this.waiting.length) indexLater(this);
    this.waiting.push({ text, labels: unique, source, place: this.added++ });
    this.kept += text.length * unique.length;
  }

  get queued(): boolean {
    return this.next < this.waiting.length;
  }

  indexSome(units: number): number {
    let done = 0;
    while (done < units && this.next < this.waiting.length) {
      const waiting = this.waiting[this.next]!;
      // INVARIANT (lost-fails-closed): a text leaves the queue only once indexed, so a query never answers without it.
      this.index(waiting);
      // Dropped once indexed: the index does not keep the text of `!untrusted` content.
      this.waiting[this.next++] = undefined;
      done += waiting.text.length;
    }
    if (this.next === this.waiting.length) this.waiting.length = this.next = 0;
    return done;
  }

  /** Indexes every text added so far: what each query does first. */
  private settle(): void {
    if (this.next < this.waiting.length) this.indexSome(Infinity);
  }

  private index({ text, labels, source, place }: Waiting): void {
    const form = normalized(text);
    const normal = form.text;
    let item = -1;
    const written = partsOf(form, false);
    const looks = looksOf(form, written);
    for (const label of labels) {
      const { ids, runs, count } = label === OTHER_THAN_UNTRUSTED ? written : looks;
      const entry = this.labels.get(label)!;
      if (label !== OTHER_THAN_UNTRUSTED) {
        if (item < 0) item = this.items.push({ normal, source, place }) - 1;
        entry.texts.push(item);
      }
      for (const id of ids) {
        textHashes(id);
        entry.ids.add(hashed[0]!, hashed[1]!);
      }
      for (let i = 0; i < 2 * count; i += 2) entry.runs.add(runs[i]!, runs[i + 1]!);
    }
  }

  cameFrom(value: string, label: string): boolean {
    this.settle();
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
    this.settle();
    const entry = this.labels.get(label);
    if (!entry) return false;
    const { ids, runs, count } = partsOf(normalized(text), true);
    if (ids.some((id) => held(entry.ids, id))) return true;
    for (let i = 0; i < 2 * count; i += 2) if (entry.runs.has(runs[i]!, runs[i + 1]!)) return true;
    return false;
  }

  tainted(text: string): boolean {
    this.settle();
    const bad = this.labels.get("untrusted");
    if (!bad) return false;
    const others = this.labels.get(OTHER_THAN_UNTRUSTED);
    const normal = normalized(text);
    const written = partsOf(normal, false);
    return written.ids.some((id) => planted(id, normal.ascii, bad, others)) || taintedRun(written, looksOf(normal, written), bad, others) >= 0;
  }

  exposed(label: string): boolean {
    return this.labels.has(label);
  }

  evidence(check: "from" | "tainted", value: string, label: string): ContentEvidence | undefined {
    this.settle();
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
    const normal = normalized(value);
    const written = partsOf(normal, false);
    const id = written.ids.find((i) => planted(i, normal.ascii, bad, others));
    if (id !== undefined) {
      const look = skeleton(id);
      return this.find("untrusted", (t) => {
        const theirs = identifiers(t).find((i) => skeleton(i) === look);
        if (theirs === undefined) return undefined;
        for (let at = t.indexOf(theirs); at >= 0; at = t.indexOf(theirs, at + 1))
          if (bounded(t, at) && bounded(t, at + theirs.length)) return [at, at + theirs.length];
        const at = t.indexOf(theirs);
        return [at, at + theirs.length];
      });
    }
    const looks = looksOf(normal, written);
    const k = taintedRun(written, looks, bad, others);
    if (k < 0) return undefined;
    const [r1, r2] = [looks.runs[2 * k]!, looks.runs[2 * k + 1]!];
    return this.find("untrusted", (t) => {
      const { runs, count } = partsOf(normalText(t), true);
      for (let j = 0; j < count; j++) {
        if (runs[2 * j] !== r1 || runs[2 * j + 1] !== r2) continue;
        const spans = wordSpans(t);
        return [spans[j]![0], spans[j + RUN_WORDS - 1]![1]];
      }
      return undefined;
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
    for (let i = this.next; i < this.waiting.length; i++) bytes += this.waiting[i]!.text.length * 2;
    for (const { texts, ids, runs, words } of this.labels.values()) {
      bytes += texts.length * 8;
      for (const [word, at] of words?.places ?? []) bytes += 32 + word.length * 2 + at.length * 8;
      bytes += ids.bytes;
      bytes += runs.bytes;
    }
    return bytes;
  }
}
