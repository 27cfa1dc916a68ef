// The error a built-in raises when a value has the wrong shape at run time (the generated code catches it per rule), and what a decision says of it.

import type { FaultKind } from "../contract.js";

export type { FaultKind };

/**
 * A run-time condition error. The generated code catches it around each rule's
 * conditions and fails closed (the rule matches iff it is a `deny`); any other
 * error escapes `evaluate` and the enforcer turns it into a `$error` deny.
 */
export class Fault extends Error {
  override readonly name = "Fault";
  constructor(
    message: string,
    readonly kind: FaultKind = "bad value",
  ) {
    super(message);
  }
}

/** The kind of what a condition threw: a `Fault`'s own, else `bad value` (the rule still fails closed). */
export function faultKind(error: unknown): FaultKind {
  return error instanceof Fault ? error.kind : "bad value";
}

const faultCauses: Readonly<Record<FaultKind, string>> = {
  "no time": "the time of the request is unknown",
  "bad value": "a value it reads is missing, of the wrong type or out of range",
};

/** Whether a module's outcome names a fault kind this runtime knows (outcomes are checked, not trusted). */
export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === "string" && Object.hasOwn(faultCauses, value);
}

/**
 * The reason of a deny whose rule matched only because its condition faulted: it names the rule and the cause,
 * and does not claim what the rule's own reason says (a limit reached, an hour outside office hours).
 */
export function faultReason(rule: string, kind: FaultKind): string {
  return `\`${rule}\` could not be evaluated (${faultCauses[kind]}), so it denies`;
}
