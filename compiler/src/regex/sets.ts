// Sets of code points as sorted, disjoint, inclusive ranges: the character classes of a pattern.

/** `[from0, to0, from1, to1, ...]`, sorted, disjoint and not adjacent, both ends inclusive. */
export type CodeSet = readonly number[];

const MAX_CODE_POINT = 0x10ffff;

export function single(c: number): CodeSet {
  return [c, c];
}

export function union(...sets: CodeSet[]): CodeSet {
  const pairs: [number, number][] = [];
  for (const set of sets) for (let i = 0; i < set.length; i += 2) pairs.push([set[i] as number, set[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [from, to] of pairs) {
    const last = out.length - 1;
    if (last > 0 && from <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, to);
    else out.push(from, to);
  }
  return out;
}

export function complement(set: CodeSet): CodeSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if ((set[i] as number) > next) out.push(next, (set[i] as number) - 1);
    next = (set[i + 1] as number) + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

/** The ASCII word characters `\w` and `\b` use (no `i` flag, so no case-folding extras). */
export const word: CodeSet = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
export const digit: CodeSet = [0x30, 0x39];
/** `\s`: JavaScript's WhiteSpace and LineTerminator code points. */
export const space: CodeSet = union(
  [0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a],
  [0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff],
);
/** `.`: every code point but the line terminators. */
export const dot: CodeSet = complement([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);

const propertyCache = new Map<string, CodeSet>();
let everyCodePoint: { bmp: string; astral: string } | undefined;

/**
 * The code points a property escape (`\p{L}`, `\p{Script=Greek}`, given as the
 * text between the braces) matches, found by letting JavaScript's own engine
 * scan every code point once: the compiler then needs no Unicode tables.
 */
export function property(name: string): CodeSet {
  const known = propertyCache.get(name);
  if (known) return known;
  everyCodePoint ??= buildEveryCodePoint();
  const out: number[] = [];
  const scan = new RegExp(`\\p{${name}}+`, "gu");
  // The BMP string skips the surrogates (lone ones in a row would pair up): offset o is o, or o + 0x800 past them.
  for (const m of everyCodePoint.bmp.matchAll(scan)) {
    for (const [from, to] of splitAtSurrogates(m.index, m.index + m[0].length - 1)) out.push(from, to);
  }
  const one = new RegExp(`^\\p{${name}}$`, "u");
  for (let c = 0xd800; c <= 0xdfff; c++) if (one.test(String.fromCharCode(c))) out.push(c, c);
  for (const m of everyCodePoint.astral.matchAll(scan)) out.push(0x10000 + m.index / 2, 0x10000 + (m.index + m[0].length) / 2 - 1);
  const set = union(out);
  propertyCache.set(name, set);
  return set;
}

function splitAtSurrogates(from: number, to: number): [number, number][] {
  const at = (o: number): number => (o < 0xd800 ? o : o + 0x800);
  if (to < 0xd800 || from >= 0xd800) return [[at(from), at(to)]];
  return [
    [from, 0xd7ff],
    [0xe000, at(to)],
  ];
}

function buildEveryCodePoint(): { bmp: string; astral: string } {
  const bmp: string[] = [];
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) bmp.push(String.fromCharCode(c));
  const astral: string[] = [];
  for (let c = 0x10000; c <= MAX_CODE_POINT; c++) astral.push(String.fromCodePoint(c));
  return { bmp: bmp.join(""), astral: astral.join("") };
}
