// JavaScript literals that are safe for any value from a policy: quotes, backslashes, `${`, `</script>`, U+2028/U+2029, lone surrogates.

/** Printable ASCII but `"`, `\\` and `<`: the characters a literal spells as themselves. */
const plain = /^[\x20\x21\x23-\x3b\x3d-\x5b\x5d-\x7e]*$/;

/**
 * A JavaScript string literal for `value`. JSON.stringify escapes quotes, backslashes,
 * control characters and lone surrogates; line and paragraph separators and `<` are
 * escaped too, so the text is also safe inside HTML `<script>` and older parsers.
 * `${` needs nothing: the literal is double-quoted, never a template.
 */
export function jsString(value: string): string {
  // Most strings of a policy (names, keys, reasons) need no escape at all: quoting them is all JSON.stringify would do.
  if (plain.test(value)) return `"${value}"`;
  return JSON.stringify(value).replace(/[\u2028\u2029<]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A JavaScript expression for a JSON-compatible value (numbers must be finite; `Infinity` is spelled out). */
export function jsValue(value: unknown): string {
  if (typeof value === "string") return jsString(value);
  if (typeof value === "number") return value === Infinity ? "Infinity" : Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "boolean") return String(value);
  // Loops, not `map` and `join`: large modules spell thousands of these.
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += i === 0 ? jsValue(value[i]) : `, ${jsValue(value[i])}`;
    return `${out}]`;
  }
  const keys = Object.keys(value as object);
  // In an object literal `"__proto__": x` sets the prototype; JSON.parse keeps it an ordinary own property.
  if (keys.includes("__proto__")) return `JSON.parse(${jsString(JSON.stringify(value))})`;
  let out = "{ ";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out += `${i === 0 ? "" : ", "}${jsString(k)}: ${jsValue((value as Record<string, unknown>)[k])}`;
  }
  return `${out} }`;
}
