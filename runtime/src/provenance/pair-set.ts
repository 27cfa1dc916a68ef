// A set of pairs of 32-bit hashes (a run of words or an identifier), dense enough that every output's runs can be kept.

/**
 * The first slot of a pair in a table of `mask + 1` slots: the top bits of a multiplicative hash. The low bits of the
 * polynomial hashes depend only on the low bits of the code units, so a mask of them clusters the slots of text.
 */
const slotOf = (h1: number, k2: number, mask: number): number => (Math.imul(h1 ^ Math.imul(k2, 0x85ebca6b), 0x9e3779b1) >>> Math.clz32(mask)) & mask;

/** The slots of every empty PairSet. */
const NO_SLOTS = new Int32Array(0);

/**
 * Pairs by open addressing with Robin Hood probing: a pair placed farther from its first slot than a pair it meets
 * takes that slot and moves the other on, so every pair sits at most a few slots from its own and a search for a pair
 * that is not there stops at the first pair nearer its own slot than the search has come. That keeps searches short
 * with seven eighths of the slots used, where plain linear probing needs a quarter empty; a pair of zeros marks an
 * empty slot.
 */
export class PairSet {
  // Allocated at the first pair: a typed array costs about a microsecond to make, and a label's sets start empty.
  private slots = NO_SLOTS;
  private size = 0;

  has(h1: number, h2: number): boolean {
    if (this.size === 0) return false;
    const k2 = h2 === 0 && h1 === 0 ? 1 : h2;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = slotOf(h1, k2, mask), d = 0; ; i = (i + 1) & mask, d++) {
      const a = slots[2 * i]!;
      const b = slots[2 * i + 1]!;
      if (a === h1 && b === k2) return true;
      // An empty slot, or a pair nearer its own slot than this search has come: the pair would have taken its place.
      if ((a === 0 && b === 0) || ((i - slotOf(a, b, mask)) & mask) < d) return false;
    }
  }

  add(h1: number, h2: number): void {
    if (this.has(h1, h2)) return;
    // INVARIANT (load): at most seven eighths of the slots are used, so every probe ends at an empty slot.
    if ((this.size + 1) * 8 > (this.slots.length >> 1) * 7) this.grow();
    this.place(h1, h2 === 0 && h1 === 0 ? 1 : h2);
    this.size++;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Puts a pair known to be absent (its second hash already made non-zero) in its place, moving nearer pairs on. */
  private place(h1: number, k2: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = slotOf(h1, k2, mask), d = 0; ; i = (i + 1) & mask, d++) {
      const a = slots[2 * i]!;
      const b = slots[2 * i + 1]!;
      if (a === 0 && b === 0) {
        slots[2 * i] = h1;
        slots[2 * i + 1] = k2;
        return;
      }
      const theirs = (i - slotOf(a, b, mask)) & mask;
      if (theirs < d) {
        slots[2 * i] = h1;
        slots[2 * i + 1] = k2;
        [h1, k2, d] = [a, b, theirs];
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(Math.max(32, old.length * 2));
    for (let j = 0; j < old.length; j += 2) if (old[j] !== 0 || old[j + 1] !== 0) this.place(old[j]!, old[j + 1]!);
  }
}
