// The reference's reading of operands: a value of the wrong kind can only come from unchecked data (`json` values, history entries), and is a `Fault`.

import type { FaultKind } from "@apol/runtime";

/** A run-time error inside a condition; the rule being decided then matches iff it is a `deny` rule, and the decision names its kind. */
export class Fault extends Error {
  constructor(
    message: string,
    readonly kind: FaultKind = "bad value",
  ) {
    super(message);
  }
}

export function bool(value: unknown): boolean {
  if (typeof value !== "boolean") throw new Fault("expected a boolean");
  return value;
}
export function num(value: unknown): number {
  if (typeof value !== "number") throw new Fault("expected a number");
  return value;
}
export function str(value: unknown): string {
  if (typeof value !== "string") throw new Fault("expected a string");
  return value;
}
export function list(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw new Fault("expected a list");
  return value;
}
