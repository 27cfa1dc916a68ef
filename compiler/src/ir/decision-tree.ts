// The decision-tree IR: per tool, its argument schema and its rule checks in decision order, every node with its origin.
import type { Effect, RuleInfo, SchemaField, SchemaType } from "@apol/runtime";
import type { Span } from "../source/span.js";

/** JSON-like constant values. */
export type Literal = string | number | boolean | readonly Literal[];

/** Where an IR node came from: the rule (or "" for schema checks) and the source span. */
interface Origin {
  readonly rule: string;
  readonly span: Span;
}

/** The request parts whose fields are read with run-time type checks. */
type Part = "agent" | "user" | "context" | "resource";

/**
 * An expression of the IR. Compared with the AST, names are resolved, `tool.name`
 * and `tool.tier` are constants (each tool has its own copy of a rule), consts are
 * inlined, and types decide which run-time checks are needed.
 */
export type IrExpr = (
  | { readonly op: "lit"; readonly value: Literal }
  /** A list with computed items. */
  | { readonly op: "list"; readonly items: readonly IrExpr[] }
  /** A validated argument; `optional` top-level arguments are read with a presence check. */
  | { readonly op: "arg"; readonly name: string; readonly optional: boolean; readonly path: readonly string[] }
  /** A field of an identity part; `type` is the declared type of `path[0]` (of the whole part when `path` is empty), checked at run time. */
  | { readonly op: "part"; readonly part: Part; readonly path: readonly string[]; readonly type: SchemaType }
  | { readonly op: "now"; readonly field: "hour" | "minute" | "weekday" }
  /** A quantifier variable, then fields. */
  | { readonly op: "var"; readonly name: string; readonly path: readonly string[] }
  /** Inside `where`: the earlier call. */
  | { readonly op: "it"; readonly part: "args" | "output"; readonly path: readonly string[] }
  | { readonly op: "it-tool"; readonly field: "name" | "tier" }
  | { readonly op: "not"; readonly operand: IrExpr }
  | { readonly op: "neg"; readonly operand: IrExpr }
  | { readonly op: "and" | "or"; readonly left: IrExpr; readonly right: IrExpr }
  /** `strict`: both sides are primitives, so `===` is equality. */
  | { readonly op: "eq" | "ne"; readonly left: IrExpr; readonly right: IrExpr; readonly strict: boolean }
  | { readonly op: "lt" | "le" | "gt" | "ge" | "add" | "sub" | "mul" | "div"; readonly left: IrExpr; readonly right: IrExpr }
  | { readonly op: "in"; readonly item: IrExpr; readonly list: IrExpr; readonly negate: boolean }
  /** `in` against constant primitives, compiled to a `Set`. */
  | { readonly op: "in-set"; readonly item: IrExpr; readonly values: readonly Literal[]; readonly negate: boolean }
  | { readonly op: "like" | "matches"; readonly subject: IrExpr; readonly pattern: string }
  | { readonly op: "startsWith" | "endsWith"; readonly subject: IrExpr; readonly other: IrExpr }
  /**
   * `subject`'s type: a `string` (substring test), a `list` (membership), or `json`, which holds either at run time or
   * else faults, so `ops.contains` tells them apart.
   */
  | { readonly op: "contains"; readonly subject: IrExpr; readonly other: IrExpr; readonly kind: "string" | "list" | "json" }
  /** A built-in function of values (an entry of `check/builtins.ts` that is not a form), its arguments in order. */
  /** `faults`: a `json` argument reaches a parameter no `as` checks (`len`'s string or list), so the function itself may fault. */
  | { readonly op: "call"; readonly fn: string; readonly args: readonly IrExpr[]; readonly faults?: true }
  /** `has(...)`: presence of a path under a root. */
  | { readonly op: "has"; readonly root: "args" | Part | "var" | "it"; readonly variable?: string; readonly path: readonly string[] }
  /** `from(E, L)` (`relation: "from"`: came from) or `tainted(E)` (`relation: "tainted"`, label `untrusted`). */
  | { readonly op: "from"; readonly relation: "from" | "tainted"; readonly value: IrExpr; readonly arg: string | null; readonly label: string }
  | { readonly op: "exposed"; readonly label: string }
  | { readonly op: "any" | "all"; readonly variable: string; readonly list: IrExpr; readonly body: IrExpr }
  /** `count`/`seen`: `windowMs` is `Infinity` for `session`. */
  | { readonly op: "count" | "seen"; readonly tools: readonly string[]; readonly windowMs: number; readonly where?: IrExpr }
  | { readonly op: "sum"; readonly tool: string; readonly arg: string; readonly windowMs: number; readonly where?: IrExpr }
  /** `x is T`: whether the value conforms to the type (enum members filled in). */
  | { readonly op: "is"; readonly operand: IrExpr; readonly type: SchemaType }
  /** A dynamic (`json`) value used where a number, string or list is required: checked at run time. */
  | { readonly op: "as"; readonly type: "number" | "string" | "list"; readonly operand: IrExpr }
  /** A reference to a value hoisted to the top of the tool's function by `optimize`. */
  | { readonly op: "hoisted"; readonly index: number }
) & { readonly origin: Span };

/** One rule's test for one tool. */
export interface RuleCheck {
  /** Index into the rule table. */
  readonly rule: number;
  readonly effect: Effect;
  /** `when and not unless`, evaluated left to right. */
  readonly condition: IrExpr;
  /** Whether the condition can fault at run time; if not, no fault handler is emitted. */
  readonly canFault: boolean;
  readonly origin: Origin;
}

/** One `redact` rule's test for one tool; its paths are in the rule table. */
export interface RedactCheck {
  /** Index into the rule table. */
  readonly rule: number;
  /** `when and not unless`; a fault means the rule applies (redaction fails safe). */
  readonly condition: IrExpr;
  readonly canFault: boolean;
  readonly origin: Origin;
}

export interface ToolNode {
  readonly name: string;
  readonly tier: number;
  readonly params: readonly { readonly name: string; readonly field: SchemaField }[];
  /** INVARIANT (decision-order): all deny checks, then review, then allow; each group in source order. */
  readonly checks: readonly RuleCheck[];
  /** Values computed once per call before the checks (filled by `optimize`). */
  readonly hoisted: readonly IrExpr[];
  /** The `redact` rules that target the tool, in source order; they never read `hoisted`. */
  readonly redactions: readonly RedactCheck[];
  /**
   * The indexes of every `redact` rule that targets the tool, even those `optimize` drops:
   * all of them apply when the arguments do not fit (redaction fails safe).
   */
  readonly redactRules: readonly number[];
}

/** A rule of the module's rule table (`RuleInfo`), located by its span until `emit` turns that into a line and column. */
export interface RuleEntry extends Omit<RuleInfo, "file" | "line" | "column"> {
  readonly span: Span;
}

/** A whole compiled policy before emission. */
export interface DecisionTree {
  readonly policy: string;
  readonly timezone: string;
  /** Tools in declaration order. */
  readonly tools: readonly ToolNode[];
  /** The rule table, in source order; `RuleCheck.rule` indexes it. */
  readonly rules: readonly RuleEntry[];
  readonly toolTags: ReadonlyMap<string, readonly string[]>;
  readonly toolReturns: ReadonlyMap<string, string>;
  /** The declared shapes of the identity parts (`agent`, `user`, `context`, `resource`), as record schemas: what the `.d.ts` types them by. */
  readonly parts: ReadonlyMap<string, SchemaType>;
}
