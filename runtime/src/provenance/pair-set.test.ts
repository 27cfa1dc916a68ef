import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PairSet } from "./pair-set.js";

const int32 = fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
// Few distinct values as well as any: pairs that share a hash, zeros, and the pair (0, 1) that (0, 0) is kept as.
const hash = fc.oneof(int32, fc.constantFrom(0, 1, -1, 0x7fff_ffff, -0x8000_0000));
const pair = fc.tuple(hash, hash);

describe("PairSet", () => {
  it("holds exactly the pairs added, through every growth, whatever their hashes", () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 3000 }), fc.array(pair, { maxLength: 300 }), (added, asked) => {
        const set = new PairSet();
        const model = new Set<string>();
        // (0, 0) marks an empty slot, so it is kept as (0, 1): the two are one pair to the set.
        const key = ([a, b]: [number, number]): string => `${a},${a === 0 && b === 0 ? 1 : b}`;
        for (const p of added) {
          set.add(p[0], p[1]);
          model.add(key(p));
        }
        for (const p of [...added, ...asked]) expect(set.has(p[0], p[1])).toBe(model.has(key(p)));
      }),
      { numRuns: 200 },
    );
  });

  it("uses at most eight slots for seven pairs, plus one doubling", () => {
    const set = new PairSet();
    expect(set.bytes).toBe(0);
    for (let i = 0; i < 100_000; i++) set.add(Math.imul(i, 0x2545f491), i);
    for (let i = 0; i < 100_000; i++) expect(set.has(Math.imul(i, 0x2545f491), i)).toBe(true);
    // 100,000 pairs of 8 bytes at a load of at most 7/8: 2^17 slots (a load of 0.76), where 3/4 needed 2^18.
    expect(set.bytes).toBe(8 * 2 ** 17);
  });
});
