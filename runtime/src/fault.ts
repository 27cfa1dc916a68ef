// The error a built-in raises when a value has the wrong shape at run time: the generated code catches it per rule.

/**
 * A run-time condition error. The generated code catches it around each rule's
 * conditions and fails closed (the rule matches iff it is a `deny`); any other
 * error escapes `evaluate` and the enforcer turns it into a `$error` deny.
 */
export class Fault extends Error {
  override readonly name = "Fault";
}
