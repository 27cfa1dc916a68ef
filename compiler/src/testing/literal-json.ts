// Turns the literal values of `test` blocks (identities, arguments, outputs) into the JSON a request carries.
import type * as ast from "../ast/ast.js";
import { scalarValue } from "../ast/scalar.js";

/**
 * The JSON value of a checked test literal: strings, numbers (a leading `-`
 * included), booleans, durations (milliseconds), lists, `{ key: value }`
 * records, and enum symbols, which are bare names and become their name strings.
 * Given `{ role: teller, limits: [1, -2] }`, returns `{ role: "teller", limits: [1, -2] }`.
 * Throws for anything else: the checker rejects such values before a test runs.
 */
export function literalValue(expr: ast.Expr): unknown {
  const scalar = scalarValue(expr);
  if (scalar !== undefined) return scalar;
  switch (expr.kind) {
    case "Duration":
      return expr.ms;
    case "List":
      return expr.items.map(literalValue);
    case "Object":
      return entriesValue(expr.entries);
    case "Path":
      if (expr.fields.length === 0) return expr.head.text;
      break;
  }
  throw new Error(`a test value must be a literal, found a ${expr.kind} expression`);
}

/** The record `{ key: value, ... }` of object entries, keys as written. */
export function entriesValue(entries: readonly ast.ObjectEntry[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  // `defineProperty`, so a key spelled `__proto__` stays an own property instead of replacing the prototype.
  for (const entry of entries)
    Object.defineProperty(record, entry.key.text, { value: literalValue(entry.value), enumerable: true, writable: true, configurable: true });
  return record;
}
