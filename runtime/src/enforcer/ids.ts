// Decision ids: an enforcer's prefix and a counter (so a decision handed back can be told to be its own), spelt without turning a number into text on every decision.

/** `"0"` to `"999"`, and the same padded to three digits: the last three digits of every id. */
const DIGITS = Array.from({ length: 1000 }, (_, i) => String(i));
const PADDED = DIGITS.map((d) => d.padStart(3, "0"));

/**
 * A function returning `${prefix}1`, `${prefix}2`, and so on: the ids `${prefix}${++n}` would give, made of the prefix
 * with the count's thousands (spelt once per thousand ids) and a ready spelling of its last three digits, because
 * spelling a number that grows past V8's cache of number strings cost half of what a whole `evaluate` does.
 */
export function idCounter(prefix: string): () => string {
  let thousands = 0;
  let last = 0;
  let head = prefix;
  let tails = DIGITS;
  return () => {
    if (++last === 1000) {
      last = 0;
      head = `${prefix}${++thousands}`;
      tails = PADDED;
    }
    return head + tails[last]!;
  };
}

/** The prefix of one enforcer's decision ids (`idPrefix`, default six random characters and `-`) and a maker of fresh ones. */
export function decisionIds(idPrefix: string | undefined): { readonly prefix: string; readonly nextId: () => string } {
  const prefix = idPrefix ?? `${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}-`;
  return { prefix, nextId: idCounter(prefix) };
}
