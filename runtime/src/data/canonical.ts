// Canonical JSON: one spelling per value (object keys sorted, no spaces), so equal calls hash to equal digests.

/**
 * The canonical JSON text of `value`: keys sorted by UTF-16 code units, no
 * whitespace, `undefined` fields left out as `JSON.stringify` does. Values JSON
 * cannot hold (a non-finite number, a function, a cycle) make it throw, so two
 * different calls never share a spelling.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, open: Set<object>): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON spelling`);
    return JSON.stringify(value);
  }
  if (typeof value !== "object") throw new TypeError(`a ${typeof value} has no JSON spelling`);
  if (open.has(value)) throw new TypeError("a value that contains itself has no JSON spelling");
  open.add(value);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item) => (item === undefined ? "null" : write(item, open))).join(",")}]`;
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    text = `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], open)}`).join(",")}}`;
  }
  open.delete(value);
  return text;
}
