// The apol abstract syntax tree: plain data, every node with the source span it came from.
import type { Span } from "../source/span.js";

/** A name as written, with its span. `text` is "" where the parser recovered from a missing name. */
export interface Name {
  readonly text: string;
  readonly span: Span;
  /** A tool name written in quotes (`"create-issue"`): `text` is the string's value, `span` covers the quotes. */
  readonly quoted?: boolean;
}

/** A whole policy file. */
export interface Policy {
  readonly kind: "Policy";
  readonly span: Span;
  readonly headers: readonly PolicyHeader[];
  readonly declarations: readonly Declaration[];
  /** Every comment in the file, in order; the printer puts them back. */
  readonly comments: readonly Comment[];
  /** The text was past the size limit and not read: the policy is empty and its one diagnostic says why. */
  readonly tooLarge?: boolean;
}

export interface Comment {
  readonly kind: "line" | "block" | "doc";
  readonly text: string;
  readonly span: Span;
}

/** `policy NAME [timezone "Zone"]`. A file must have exactly one; the checker reports otherwise. */
export interface PolicyHeader {
  readonly kind: "PolicyHeader";
  readonly span: Span;
  readonly name: Name;
  readonly timezone?: StringLit;
  readonly doc?: string;
}

export type Declaration = PolicyHeader | EnumDecl | ShapeDecl | ToolDecl | ConstDecl | PredicateDecl | RuleDecl | TestDecl;

/** `enum Role { admin, teller }` */
export interface EnumDecl {
  readonly kind: "EnumDecl";
  readonly span: Span;
  readonly name: Name;
  readonly members: readonly Name[];
  readonly doc?: string;
}

/** The four request parts whose shapes a policy declares: the one list the checker and the editor read. */
export const shapeKinds = ["agent", "user", "context", "resource"] as const;
export type ShapeKind = (typeof shapeKinds)[number];

/** `user { id: string, role: Role }` */
export interface ShapeDecl {
  readonly kind: "ShapeDecl";
  readonly span: Span;
  readonly shape: ShapeKind;
  /** The `agent`/`user`/... keyword. */
  readonly keywordSpan: Span;
  readonly fields: readonly Field[];
  readonly doc?: string;
}

/** A typed field or argument: `name?: Type`. */
export interface Field {
  readonly kind: "Field";
  readonly span: Span;
  readonly name: Name;
  readonly optional: boolean;
  readonly type: TypeExpr;
  readonly doc?: string;
}

export type TypeExpr = NamedType | ListType | RecordType | UnionType;

/** `string`, `number`, `int`, `bool`, or an enum's name. */
export interface NamedType {
  readonly kind: "NamedType";
  readonly span: Span;
  readonly name: Name;
}
/** `T[]` */
export interface ListType {
  readonly kind: "ListType";
  readonly span: Span;
  readonly element: TypeExpr;
}
/** `{ field: T, ... }` */
export interface RecordType {
  readonly kind: "RecordType";
  readonly span: Span;
  readonly fields: readonly Field[];
}
/** `A | B | ...`: a value of any member type (two or more members; a list of them is written `(A | B)[]`). */
export interface UnionType {
  readonly kind: "UnionType";
  readonly span: Span;
  readonly members: readonly TypeExpr[];
}

/** `tool NAME(args) tags a, b tier N returns LABEL output TYPE` */
export interface ToolDecl {
  readonly kind: "ToolDecl";
  readonly span: Span;
  readonly name: Name;
  readonly params: readonly Field[];
  readonly clauses: readonly ToolClause[];
  readonly doc?: string;
}

export type ToolClause =
  | { readonly kind: "tags"; readonly span: Span; readonly tags: readonly Name[] }
  | { readonly kind: "tier"; readonly span: Span; readonly tier: NumberLit }
  | { readonly kind: "returns"; readonly span: Span; readonly label: Name }
  | { readonly kind: "output"; readonly span: Span; readonly type: TypeExpr };

/** `const NAME = literal` */
export interface ConstDecl {
  readonly kind: "ConstDecl";
  readonly span: Span;
  readonly name: Name;
  readonly value: Expr;
  readonly doc?: string;
}

/** A predicate's parameter: `name: Type`. */
export interface Param {
  readonly kind: "Param";
  readonly span: Span;
  readonly name: Name;
  readonly type: TypeExpr;
}

/** `def NAME(param: Type, ...) = EXPR`: a named condition, inlined where it is called. */
export interface PredicateDecl {
  readonly kind: "PredicateDecl";
  readonly span: Span;
  readonly name: Name;
  readonly params: readonly Param[];
  readonly body: Expr;
  readonly doc?: string;
}

export type Effect = "allow" | "deny" | "review" | "redact";

/** `rule NAME { EFFECT TARGETS ... }` */
export interface RuleDecl {
  readonly kind: "RuleDecl";
  readonly span: Span;
  readonly name: Name;
  /** Absent only when the parser recovered from a rule without an effect line. */
  readonly effect?: EffectClause;
  /** Effect lines after the first: an error (reported by the parser), kept so their targets still resolve. */
  readonly extraEffects?: readonly EffectClause[];
  readonly clauses: readonly RuleClause[];
  readonly doc?: string;
}

export interface EffectClause {
  readonly kind: "EffectClause";
  readonly span: Span;
  readonly effect: Effect;
  readonly effectSpan: Span;
  readonly targets: readonly Target[];
  /** `redact` only: the output fields it removes and the arguments it masks in the decision log, in source order. */
  readonly paths: readonly RedactPath[];
}

export type Target =
  | { readonly kind: "ToolTarget"; readonly span: Span; readonly name: Name }
  | { readonly kind: "TagTarget"; readonly span: Span; readonly tag: Name }
  | { readonly kind: "TierTarget"; readonly span: Span; readonly op: CompareOp; readonly tier: NumberLit }
  | { readonly kind: "AllTarget"; readonly span: Span };

/**
 * A path in a `redact` rule: `output.a.b[*].c` names fields of the tool's output,
 * removed before the agent sees it; `args.card.number` names an argument, masked in the decision log.
 */
export interface RedactPath {
  readonly kind: "RedactPath";
  readonly span: Span;
  readonly root: "output" | "args";
  /** At least one, unless the parser recovered from a path cut short. */
  readonly segments: readonly PathSegment[];
}

/** A field name, or `[*]` (every element of a list). */
export type PathSegment = { readonly kind: "field"; readonly name: Name } | { readonly kind: "each"; readonly span: Span };

export type RuleClause =
  | { readonly kind: "when"; readonly span: Span; readonly expr: Expr }
  | { readonly kind: "unless"; readonly span: Span; readonly expr: Expr }
  | { readonly kind: "approvals"; readonly span: Span; readonly count: NumberLit; readonly from: Expr }
  | { readonly kind: "expires"; readonly span: Span; readonly duration: DurationLit }
  | { readonly kind: "reason"; readonly span: Span; readonly text: StringLit };

/** `test "title" { ... }` */
export interface TestDecl {
  readonly kind: "TestDecl";
  readonly span: Span;
  readonly title: StringLit;
  readonly statements: readonly TestStatement[];
  readonly doc?: string;
}

export type TestStatement =
  | { readonly kind: "given"; readonly span: Span; readonly part: ShapeKind; readonly value: ObjectLit }
  | { readonly kind: "now"; readonly span: Span; readonly value: StringLit }
  | { readonly kind: "history"; readonly span: Span; readonly calls: readonly TestCall[] }
  | { readonly kind: "observe"; readonly span: Span; readonly value: Expr; readonly labels: readonly Name[] }
  | { readonly kind: "call"; readonly span: Span; readonly call: TestCall }
  | { readonly kind: "expect"; readonly span: Span; readonly effect: Name; readonly rule?: Name }
  /** `expect output { ... }`: what the model reads of the latest call's `returns` output, after `redact` rules. */
  | { readonly kind: "expectOutput"; readonly span: Span; readonly value: Expr }
  /** `approve "cfo", "controller"`: the named people approve the latest call held for review. */
  | { readonly kind: "approve"; readonly span: Span; readonly approvers: readonly StringLit[] };

/** `call TOOL(arg: value, ...) [unchecked] [returns VALUE] [labels a, b]` */
export interface TestCall {
  readonly kind: "TestCall";
  readonly span: Span;
  readonly tool: Name;
  readonly args: readonly ObjectEntry[];
  /** The word `unchecked`: the arguments are sent as written, not checked against the tool (to test `$invalid-request`). */
  readonly unchecked?: Name;
  readonly returns?: Expr;
  readonly labels: readonly Name[];
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | StringLit
  | NumberLit
  | BoolLit
  | DurationLit
  | ListLit
  | ObjectLit
  | PathExpr
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | QuantifierExpr
  | HistoryExpr
  | TypeTestExpr
  | MissingExpr;

export interface StringLit {
  readonly kind: "String";
  readonly span: Span;
  /** The decoded value. */
  readonly value: string;
  /** The literal as written, quotes included. */
  readonly raw: string;
}
export interface NumberLit {
  readonly kind: "Number";
  readonly span: Span;
  readonly value: number;
  readonly raw: string;
}
export interface BoolLit {
  readonly kind: "Bool";
  readonly span: Span;
  readonly value: boolean;
}
/** `30s`: `ms` is the value in milliseconds. */
export interface DurationLit {
  readonly kind: "Duration";
  readonly span: Span;
  readonly ms: number;
  readonly raw: string;
}
export interface ListLit {
  readonly kind: "List";
  readonly span: Span;
  readonly items: readonly Expr[];
}
/** `{ key: value }`: only in tests (identities, outputs). */
export interface ObjectLit {
  readonly kind: "Object";
  readonly span: Span;
  readonly entries: readonly ObjectEntry[];
}
export interface ObjectEntry {
  readonly span: Span;
  /** A name, or a quoted key. */
  readonly key: Name;
  readonly value: Expr;
}

/**
 * A name followed by fields: `args.amount`, `user.role`, `it.args.x`, a const
 * `finance`, an enum symbol `teller` or a quantifier variable `x`.
 */
export interface PathExpr {
  readonly kind: "Path";
  readonly span: Span;
  readonly head: Name;
  readonly fields: readonly Name[];
}

export type UnaryOp = "not" | "-";
export interface UnaryExpr {
  readonly kind: "Unary";
  readonly span: Span;
  readonly op: UnaryOp;
  readonly operand: Expr;
}

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type BinaryOp = "or" | "and" | CompareOp | "in" | "not in" | "like" | "matches" | "startsWith" | "endsWith" | "contains" | "+" | "-" | "*" | "/";
export interface BinaryExpr {
  readonly kind: "Binary";
  readonly span: Span;
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

/** `lower(x)`, `has(args.cc)`, `from(args.to, user)`, ... (the built-ins table gives their meaning), or a predicate's call. */
export interface CallExpr {
  readonly kind: "Call";
  readonly span: Span;
  readonly callee: Name;
  readonly args: readonly Expr[];
}

/** `any(x in LIST: EXPR)` and `all(...)`. */
export interface QuantifierExpr {
  readonly kind: "Quantifier";
  readonly span: Span;
  readonly quantifier: "any" | "all";
  readonly variable: Name;
  readonly list: Expr;
  readonly body: Expr;
}

/** `operand is TYPE`: whether the value conforms to the type; narrows `operand` where it holds (or fails). */
export interface TypeTestExpr {
  readonly kind: "TypeTest";
  readonly span: Span;
  readonly operand: Expr;
  /** The `is` keyword. */
  readonly isSpan: Span;
  readonly type: TypeExpr;
}

/** A history window: a duration or the whole `session`. */
export type Window = DurationLit | { readonly kind: "Session"; readonly span: Span };

/** `count(TARGETS [where E], W)`, `seen(...)` and `sum(TOOL.ARG [where E], W)`. */
export type HistoryExpr =
  | {
      readonly kind: "History";
      readonly span: Span;
      readonly fn: "count" | "seen";
      readonly fnSpan: Span;
      readonly targets: readonly Target[];
      readonly where?: Expr;
      readonly window: Window | MissingExpr;
    }
  | {
      readonly kind: "History";
      readonly span: Span;
      readonly fn: "sum";
      readonly fnSpan: Span;
      readonly tool: Name;
      readonly arg: Name;
      readonly where?: Expr;
      readonly window: Window | MissingExpr;
    };

/** Where the parser recovered from a missing expression. */
export interface MissingExpr {
  readonly kind: "Missing";
  readonly span: Span;
}
