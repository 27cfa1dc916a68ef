// A session's labelled content, indexed for the two provenance relations: "came from" and "carries" (docs/session-state.md).
import type { ContentIndex } from "./contract.js";
import { destination, identifiers, normalize, RUN_WORDS, words } from "./text.js";

/** The label content is kept under, besides its own, when it lacks `untrusted`: the "other sources" `tainted` asks about. */
export const OTHER_THAN_UNTRUSTED = "!untrusted";

// Two polynomial hashes modulo 2^32 with multipliers drawn per process, combined into 53 bits: content cannot be
// crafted to collide, and two runs of words share a key by chance with probability about 2^-53.
const BASE1 = (Math.floor(Math.random() * 0x1_0000_0000) | 1) >>> 0;
const BASE2 = (Math.floor(Math.random() * 0x1_0000_0000) | 1) >>> 0;

function runKey(run: string): number {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < run.length; i++) {
    const u = run.charCodeAt(i);
    h1 = (Math.imul(h1, BASE1) + u) | 0;
    h2 = (Math.imul(h2, BASE2) + u) | 0;
  }
  return (h1 >>> 0) * 0x20_0000 + (h2 & 0x1f_ffff);
}

/** The keys of the runs of RUN_WORDS words of normal text. */
function runKeys(normal: string): number[] {
  const w = words(normal);
  const keys: number[] = [];
  for (let i = 0; i + RUN_WORDS <= w.length; i++) keys.push(runKey(w.slice(i, i + RUN_WORDS).join(" ")));
  return keys;
}

// Whether each BMP code unit is part of a word (letters, marks, digits, `_`, `-`, surrogates), computed on first use.
let wordUnits: Uint8Array | undefined;
function inWord(u: number): boolean {
  const table = (wordUnits ??= new Uint8Array(0x10000).fill(2));
  let w = table[u]!;
  if (w === 2) table[u] = w = /[\p{L}\p{M}\p{N}_-]|[\ud800-\udfff]/u.test(String.fromCharCode(u)) ? 1 : 0;
  return w === 1;
}

const MARK = "\u0001";

/**
 * Normal text with MARK at each token boundary (its ends, and wherever a character
 * outside words is next to another character). A boundary depends only on the two
 * characters around it, so a value occurs in content bounded at both ends exactly
 * when its marked form occurs in the content's marked form. A MARK already in the
 * text is written as U+0002, which is outside words too.
 */
function marked(normal: string): string {
  let out = MARK;
  for (let i = 0; i < normal.length; i++) {
    const u = normal.charCodeAt(i);
    if (i > 0 && !(inWord(normal.charCodeAt(i - 1)) && inWord(u))) out += MARK;
    out += u === 1 ? "\u0002" : normal[i];
  }
  return out + MARK;
}

/** What is known about one label: its content's marked normal forms, its identifiers, the keys of its runs of words. */
interface Labelled {
  readonly texts: string[];
  readonly ids: Set<string>;
  readonly runs: Set<number>;
}

/**
 * The content of one session. `cameFrom` searches the marked normal forms (time
 * linear in the label's content, found by the engine's substring search);
 * `carries` and `tainted` look up the string's identifiers and runs of words in
 * sets (time linear in the string's length, whatever the content). Adding content
 * costs time linear in its length.
 */
export class SessionContents implements ContentIndex {
  private readonly labels = new Map<string, Labelled>();
  /** Code units indexed: each text's normal form once per label it is indexed under. */
  indexed = 0;

  /** Indexes `text` under each of `labels`. */
  add(text: string, labels: readonly string[]): void {
    const normal = normalize(text);
    const mark = marked(normal);
    const ids = identifiers(normal);
    const runs = runKeys(normal);
    for (const label of new Set(labels)) {
      let entry = this.labels.get(label);
      if (!entry) this.labels.set(label, (entry = { texts: [], ids: new Set(), runs: new Set() }));
      if (label !== OTHER_THAN_UNTRUSTED) entry.texts.push(mark);
      for (const id of ids) entry.ids.add(id);
      for (const run of runs) entry.runs.add(run);
      this.indexed += normal.length;
    }
  }

  cameFrom(value: string, label: string): boolean {
    const entry = this.labels.get(label);
    const v = destination(value);
    if (!entry || v === "") return false;
    const needle = marked(v);
    return entry.texts.some((t) => t.includes(needle));
  }

  carries(text: string, label: string): boolean {
    const entry = this.labels.get(label);
    if (!entry) return false;
    const normal = normalize(text);
    return identifiers(normal).some((id) => entry.ids.has(id)) || runKeys(normal).some((run) => entry.runs.has(run));
  }

  tainted(text: string): boolean {
    const bad = this.labels.get("untrusted");
    if (!bad) return false;
    const others = this.labels.get(OTHER_THAN_UNTRUSTED);
    const normal = normalize(text);
    return (
      identifiers(normal).some((id) => bad.ids.has(id) && !others?.ids.has(id)) ||
      runKeys(normal).some((run) => bad.runs.has(run) && !others?.runs.has(run))
    );
  }

  exposed(label: string): boolean {
    return this.labels.has(label);
  }

  /** Approximate bytes held: the marked normal forms (two bytes a code unit at most), identifiers and run keys. */
  get bytes(): number {
    let bytes = 0;
    for (const { texts, ids, runs } of this.labels.values()) {
      for (const t of texts) bytes += t.length * 2;
      for (const id of ids) bytes += 32 + id.length * 2;
      bytes += runs.size * 24;
    }
    return bytes;
  }
}
