// Decision ids: an enforcer's prefix and a counter (so a decision handed back can be told to be its own), spelt without turning a number into text on every decision.

/** `"000"` to `"999"`: the last three digits of every id past the 999th. */
const TAILS = Array.from({ length: 1000 }, (_, i) => String(i + 1000).slice(1));

/**
 * A function returning `${prefix}1`, `${prefix}2`, and so on: the ids `${prefix}${++n}` would give. Past 999 they are
 * made of the prefix with the count's thousands (spelt once per thousand ids) and a ready spelling of the last three
 * digits, because spelling a number that grows past V8's cache of number strings cost half of what a whole `evaluate` does.
 */
export function idCounter(prefix: string): () => string {
  let count = 0;
  let head = prefix;
  return () => {
    const last = ++count % 1000;
    if (last === 0) head = `${prefix}${count / 1000}`;
    return count < 1000 ? `${prefix}${count}` : head + TAILS[last]!;
  };
}

/** The prefix of one enforcer's decision ids (`idPrefix`, default six random characters and `-`) and a maker of fresh ones. */
export function decisionIds(idPrefix: string | undefined): { readonly prefix: string; readonly nextId: () => string } {
  const prefix = idPrefix ?? `${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}-`;
  return { prefix, nextId: idCounter(prefix) };
}
