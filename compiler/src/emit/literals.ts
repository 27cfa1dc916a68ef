// JavaScript literals that are safe for any value from a policy: quotes, backslashes, `${`, `</script>`, U+2028/U+2029, lone surrogates.

/**
 * A JavaScript string literal for `value`. JSON.stringify escapes quotes, backslashes,
 * control characters and lone surrogates; line and paragraph separators and `<` are
 * escaped too, so the text is also safe inside HTML `<script>` and older parsers.
 * `${` needs nothing: the literal is double-quoted, never a template.
 */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029<]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A JavaScript expression for a JSON-compatible value (numbers must be finite; `Infinity` is spelled out). */
export function jsValue(value: unknown): string {
  if (typeof value === "string") return jsString(value);
  if (typeof value === "number") return value === Infinity ? "Infinity" : Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(jsValue).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  // In an object literal `"__proto__": x` sets the prototype; JSON.parse keeps it an ordinary own property.
  if (entries.some(([k]) => k === "__proto__")) return `JSON.parse(${jsString(JSON.stringify(value))})`;
  return `{ ${entries.map(([k, v]) => `${jsString(k)}: ${jsValue(v)}`).join(", ")} }`;
}
