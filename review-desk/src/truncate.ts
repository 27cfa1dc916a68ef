// Cuts long strings inside attacker-controlled data, so a 1 MB argument is a short, visibly cut string on the desk.
/** The code units of one string the desk keeps. */
const MAX_TEXT = 1_000;

/** `text` cut to `max` code units, saying how much was left out. */
export function cut(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A copy of JSON data with every string (keys too) cut; depth and width are bounded, so any argument is cheap to show. */
export function cutAll(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cut(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= 8) return "… (nested too deep)";
  if (Array.isArray(value)) {
    const items = value.slice(0, 100).map((item) => cutAll(item, depth + 1));
    return value.length > 100 ? [...items, `… (${value.length - 100} more items)`] : items;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const kept = entries.slice(0, 100).map(([key, item]) => [cut(key, 200), cutAll(item, depth + 1)]);
  if (entries.length > 100) kept.push(["…", `${entries.length - 100} more fields`]);
  return Object.fromEntries(kept);
}
