// A session's labelled content, indexed so that `from` costs time proportional to the argument's length, not to the content's size.
import type { ContentIndex } from "./contract.js";
import { foldUnits, fromUnits, STRIDE, tokens, WINDOW } from "./text.js";

// Polynomial rolling hash modulo 2^32 with a multiplier drawn per process: content cannot be crafted to collide
// (collisions only cost time anyway: every hit is verified code unit by code unit, so matches are exact).
const BASE = (Math.floor(Math.random() * 0x1_0000_0000) | 1) >>> 0;
const BASE_OUT = Array.from({ length: WINDOW - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);

/** The normal forms of a session's content, end to end: a window is named by its position in the whole. */
class Arena {
  private readonly texts: string[] = [];
  private readonly starts: number[] = [];
  length = 0;

  /** Appends a text; returns its position. */
  push(text: string): number {
    const start = this.length;
    this.texts.push(text);
    this.starts.push(start);
    this.length += text.length;
    return start;
  }

  /** Whether the window at `position` equals the one of `units` at `at`. */
  same(position: number, units: Uint16Array, at: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= position) lo = mid;
      else hi = mid - 1;
    }
    const stored = this.texts[lo]!;
    const offset = position - this.starts[lo]!;
    for (let k = 0; k < WINDOW; k++) if (stored.charCodeAt(offset + k) !== units[at + k]) return false;
    return true;
  }
}

/**
 * The distinct windows of one label's content: open addressing over their hashes
 * (0 marks an empty slot, so a hash of 0 is stored as 1), each slot pointing into the
 * arena. A probe reads only the hashes until one matches.
 */
class WindowSet {
  private keys = new Int32Array(64);
  private refs = new Int32Array(64);
  private shift = 26;
  private size = 0;

  constructor(private readonly arena: Arena) {}

  /** Whether the window of `units` at `at`, whose hash is `hash`, is in the set. */
  has(hash: number, units: Uint16Array, at: number): boolean {
    const key = hash || 1;
    const mask = this.keys.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === 0) return false;
      if (k === key && this.arena.same(this.refs[i]!, units, at)) return true;
    }
  }

  /** Adds the window of `units` at `at` (stored in the arena at `position`) unless an equal one is in the set. */
  add(hash: number, units: Uint16Array, at: number, position: number): void {
    const key = hash || 1;
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (let k = this.keys[i]!; k !== 0; i = (i + 1) & mask, k = this.keys[i]!) {
      if (k === key && this.arena.same(this.refs[i]!, units, at)) return;
    }
    this.keys[i] = key;
    this.refs[i] = position;
    // INVARIANT (load): at most three quarters of the slots are used, so every probe ends at an empty slot.
    if (++this.size * 4 > this.keys.length * 3) this.grow();
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength + this.refs.byteLength;
  }

  private grow(): void {
    const { keys, refs } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.refs = new Int32Array(refs.length * 2);
    this.shift--;
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!;
      if (key === 0) continue;
      let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.refs[i] = refs[j]!;
    }
  }
}

/** What is known about one label: its windows and its tokens. */
interface Labelled {
  readonly windows: WindowSet;
  readonly tokens: Set<string>;
}

/**
 * The content of one session. A string carries a label's content when its normal
 * form contains one of the content's indexed windows (the 16 code units starting at
 * every 4th code unit of the content's normal form), or one of its tokens is one of
 * the content's (docs/session-state.md). Adding content costs time linear in its
 * length; `carries` costs time linear in the string's length: each of its windows
 * is one hash lookup, whatever the size of the content.
 */
export class SessionContents implements ContentIndex {
  private readonly arena = new Arena();
  private readonly labels = new Map<string, Labelled>();
  /** Code units indexed: each text's normal form once per label it is indexed under. */
  indexed = 0;

  /** Indexes `text` under each of `labels`. */
  add(text: string, labels: readonly string[]): void {
    const entries = [...new Set(labels)].map((label) => {
      let entry = this.labels.get(label);
      if (!entry) this.labels.set(label, (entry = { windows: new WindowSet(this.arena), tokens: new Set() }));
      return entry;
    });
    const units = foldUnits(text);
    if (units.length >= WINDOW) {
      const position = this.arena.push(fromUnits(units));
      for (const { windows } of entries) {
        let h = 0;
        for (let i = 0; i < units.length; i++) {
          if (i >= WINDOW) h = (h - Math.imul(units[i - WINDOW]!, BASE_OUT)) | 0;
          h = (Math.imul(h, BASE) + units[i]!) | 0;
          const start = i - WINDOW + 1;
          if (start >= 0 && start % STRIDE === 0) windows.add(h, units, start, position + start);
        }
      }
    }
    this.indexed += units.length * entries.length;
    // Last: `tokens` reuses the buffer `units` lives in.
    const words = tokens(text);
    for (const entry of entries) for (const token of words) entry.tokens.add(token);
  }

  carries(text: string, label: string): boolean {
    const entry = this.labels.get(label);
    if (!entry) return false;
    const units = foldUnits(text);
    let h = 0;
    for (let i = 0; i < units.length; i++) {
      if (i >= WINDOW) h = (h - Math.imul(units[i - WINDOW]!, BASE_OUT)) | 0;
      h = (Math.imul(h, BASE) + units[i]!) | 0;
      if (i >= WINDOW - 1 && entry.windows.has(h, units, i - WINDOW + 1)) return true;
    }
    return entry.tokens.size > 0 && tokens(text).some((t) => entry.tokens.has(t));
  }

  exposed(label: string): boolean {
    return this.labels.has(label);
  }

  /** Approximate bytes held: tables, normal forms (two bytes a code unit at most) and tokens. */
  get bytes(): number {
    let bytes = this.arena.length * 2;
    for (const { windows, tokens: words } of this.labels.values()) {
      bytes += windows.bytes;
      for (const t of words) bytes += 32 + t.length * 2;
    }
    return bytes;
  }
}
