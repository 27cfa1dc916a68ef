// The catalogue of every diagnostic code: its severity and a one-line description (the docs page is generated from it).
import type { Severity } from "./diagnostic.js";

interface CodeInfo {
  readonly severity: Severity;
  /** One line for the docs and `apol explain-code`. */
  readonly description: string;
}

/** Every diagnostic the compiler can report. Keys are the codes users see. */
export const codes = {
  // ------------------------------------------------------------------ syntax
  "apol/unexpected-character": { severity: "error", description: "a character that starts no token" },
  "apol/unterminated-string": { severity: "error", description: "a string literal with no closing quote on its line" },
  "apol/unterminated-comment": { severity: "error", description: "a `/*` comment with no closing `*/`" },
  "apol/invalid-escape": {
    severity: "error",
    description: 'a string escape other than `\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t`, `\\uXXXX`, `\\u{X}`',
  },
  "apol/syntax-error": { severity: "error", description: "the parser expected something else here" },
  "apol/invalid-number": { severity: "error", description: "a number literal too large to represent exactly" },
  "apol/too-large": { severity: "error", description: "a file longer than 1,048,576 characters (1 MiB), which is not read" },
  "apol/too-deep": {
    severity: "error",
    description:
      "a declaration whose brackets, `not` and `-` nest more than 64 deep, or whose operators, lists and types nest more than 1,000 deep; it is left out",
  },
  // ------------------------------------------------------------------ policy header
  "apol/missing-policy": { severity: "error", description: "the file has no `policy NAME` header" },
  "apol/duplicate-policy": { severity: "error", description: "the file has more than one `policy` header" },
  "apol/policy-not-first": { severity: "error", description: "the `policy` header comes after other declarations" },
  "apol/invalid-timezone": { severity: "error", description: "a `timezone` that is not an IANA time zone name" },
  // ------------------------------------------------------------------ declarations
  "apol/duplicate-declaration": { severity: "error", description: "two declarations of the same kind share a name" },
  "apol/duplicate-member": { severity: "error", description: "an enum lists a symbol twice" },
  "apol/duplicate-field": { severity: "error", description: "a shape, record or tool declares a field or argument twice, or a predicate a parameter" },
  "apol/duplicate-clause": { severity: "error", description: "a clause that may appear once appears twice" },
  "apol/unknown-type": { severity: "error", description: "a type name that is neither built in nor a declared enum" },
  "apol/invalid-tool-name": {
    severity: "error",
    description: "a quoted tool name that is empty, longer than 128 characters, or has a character other than letters, digits, `_`, `-`, `.` and `/`",
  },
  "apol/invalid-tier": { severity: "error", description: "a tier outside the integers 0 to 3" },
  "apol/invalid-const": { severity: "error", description: "a `const` whose value is not a literal" },
  "apol/empty-enum": { severity: "error", description: "an enum with no symbols" },
  "apol/recursive-predicate": { severity: "error", description: "a predicate that calls itself, directly or through other predicates" },
  "apol/invalid-union": { severity: "error", description: "a union type with `json` among its members, or a member another member already covers" },
  // ------------------------------------------------------------------ names
  "apol/unknown-tool": { severity: "error", description: "a tool name that no `tool` declaration declares" },
  "apol/unknown-tag": { severity: "error", description: "a `tagged` target whose tag no tool carries" },
  "apol/unknown-argument": { severity: "error", description: "`args.x` where a targeted tool has no argument `x`" },
  "apol/unknown-field": { severity: "error", description: "a field that the shape or record does not declare" },
  "apol/undeclared-shape": { severity: "error", description: "a use of `agent`, `user`, `context` or `resource` without its shape declaration" },
  "apol/unknown-name": { severity: "error", description: "a name that is not a const, an enum symbol or a variable in scope" },
  "apol/unknown-function": { severity: "error", description: "a call of a function that is neither built in nor a declared predicate" },
  "apol/unknown-rule": { severity: "error", description: "a rule name that no `rule` declares" },
  "apol/unknown-member": { severity: "error", description: "a symbol that is not a member of the expected enum" },
  "apol/ambiguous-member": { severity: "error", description: "a symbol that belongs to several enums where no type decides which" },
  "apol/unknown-effect": { severity: "error", description: "an `expect` effect other than `allow`, `deny` or `review`" },
  // ------------------------------------------------------------------ types
  "apol/type-mismatch": { severity: "error", description: "a value of one type where another is required" },
  "apol/not-a-condition": { severity: "error", description: "a `when` or `unless` expression that is not a boolean" },
  "apol/wrong-arity": { severity: "error", description: "a built-in or predicate called with the wrong number of arguments" },
  "apol/unguarded-optional": { severity: "error", description: "an optional argument or field used without a `has(...)` guard" },
  "apol/invalid-has": { severity: "error", description: "`has(...)` applied to something other than an argument or field path" },
  "apol/always-present": { severity: "warning", description: "`has(...)` of a required argument or field, which is always true" },
  "apol/unnarrowed-union": {
    severity: "error",
    description: "a value of a union type used where one of its member types is not accepted, before an `is` test narrows it",
  },
  "apol/constant-type-test": {
    severity: "warning",
    description: "an `is` test whose answer the value's declared type already fixes: always true or never true",
  },
  "apol/invalid-label": { severity: "error", description: "a provenance label that is not a plain name" },
  "apol/args-in-predicate": { severity: "error", description: "`args` inside a predicate's body, where no tool is known: pass the argument as a parameter" },
  "apol/it-outside-where": { severity: "error", description: "`it` used outside a history function's `where`" },
  "apol/non-numeric-sum": { severity: "error", description: "`sum` over an argument that is not a number" },
  "apol/pattern-not-literal": {
    severity: "error",
    description: "a `like` or `matches` pattern not known at compile time (not a string, a list of strings, or a const holding one)",
  },
  "apol/empty-pattern-list": { severity: "error", description: "a `like` or `matches` against an empty list of patterns, which nothing matches" },
  "apol/invalid-regex": { severity: "error", description: "a `matches` pattern that is not a valid regular expression" },
  "apol/unsupported-regex": { severity: "error", description: "a `matches` pattern using a backreference or lookaround, which no linear-time matcher runs" },
  "apol/regex-too-large": { severity: "error", description: "a `matches` pattern whose automaton would exceed the state limit (counted repetition expands)" },
  "apol/division-by-zero": { severity: "error", description: "a division by the literal zero" },
  "apol/empty-window": { severity: "error", description: "a history window of zero length, which holds no call" },
  // ------------------------------------------------------------------ rules
  "apol/missing-effect": { severity: "error", description: "a rule without an `allow`, `deny`, `review` or `redact` line" },
  "apol/review-only-clause": { severity: "error", description: "`approvals` or `expires` in a rule that is not a `review` rule" },
  "apol/invalid-approvals": { severity: "error", description: "an approval quorum that is not a whole number between 1 and the number of approvers" },
  "apol/invalid-approvers": { severity: "error", description: "a review's `from` that is not a list of approver names (strings)" },
  "apol/invalid-expires": { severity: "error", description: "a review's `expires` that is not longer than zero" },
  "apol/redact-without-paths": { severity: "error", description: "a `redact` rule that names no `output.` or `args.` paths" },
  "apol/paths-outside-redact": { severity: "error", description: "`output.` or `args.` paths in a rule that is not a `redact` rule" },
  // ------------------------------------------------------------------ tests
  "apol/missing-argument": { severity: "error", description: "a test call that omits a required argument" },
  "apol/test-without-call": { severity: "error", description: "a test with no `call`" },
  "apol/expect-without-call": { severity: "error", description: "an `expect` with no `call` before it" },
  "apol/approve-without-call": { severity: "error", description: "an `approve` with no `call` before it to answer" },
  "apol/output-without-returns": { severity: "error", description: "an `expect output` after a call that gives no `returns` output" },
  "apol/unchecked-history-call": { severity: "error", description: "an `unchecked` call in `history`, which holds only allowed, well-formed calls" },
  "apol/missing-field": { severity: "error", description: "a test value that omits a required field of its shape" },
  "apol/call-without-expect": { severity: "error", description: "a test `call` with no `expect` after it" },
  "apol/invalid-timestamp": { severity: "error", description: "a test `now` that is not an ISO 8601 timestamp" },
  "apol/duplicate-test": { severity: "error", description: "two tests share a title" },
  // ------------------------------------------------------------------ warnings
  "apol/unused-declaration": { severity: "warning", description: "an enum, const, predicate or tool that nothing uses" },
  // ------------------------------------------------------------------ lints (`apol lint`)
  "apol/unsatisfiable-condition": { severity: "warning", description: "a rule whose `when` no call can satisfy, so it never matches" },
  "apol/shadowed-rule": { severity: "warning", description: "an `allow` or `review` rule that a `deny` rule overrides on every call it matches" },
  "apol/duplicate-rule": { severity: "warning", description: "a rule with the effect, tools and conditions of an earlier rule, which always decides first" },
  "apol/empty-target": { severity: "warning", description: "a `tier` or `*` target that covers no declared tool" },
  "apol/dead-tool": {
    severity: "warning",
    description: "a tool that rules target but no `allow` or `review` rule can decide for, so every call to it is denied",
  },
  "apol/negative-sum": {
    severity: "warning",
    description: "a `sum` over an argument that no rule keeps from being negative, so a negative call lowers the total",
  },
} as const satisfies Record<string, CodeInfo>;

/** A diagnostic code, e.g. `apol/unknown-tool`. */
export type Code = keyof typeof codes;

/** Every code, in catalogue order. */
export const allCodes = Object.keys(codes) as Code[];
