// The state one run of `check` accumulates: diagnostics, references, and the types and meanings of expressions.
import * as ast from "../ast/ast.js";
import { diagnostic, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import type { Code } from "../diagnostics/codes.js";
import type { Span } from "../source/span.js";
import type { Scope } from "./expressions.js";
import type { Reference, Symbols, SymbolRef } from "./symbols.js";
import type { Type } from "./types.js";

/** The names a path may start with besides consts, enum symbols and quantifier variables (`it` only in a `where`). */
export const pathRoots = ["args", ...ast.shapeKinds, "tool", "now", "it"] as const;
export type PathRoot = (typeof pathRoots)[number];

/** What a path expression denotes, decided by the checker so later stages need not re-resolve names. */
export type PathMeaning =
  | { readonly kind: "args"; readonly fields: readonly string[] }
  | { readonly kind: "shape"; readonly shape: ast.ShapeKind; readonly fields: readonly string[] }
  | { readonly kind: "const"; readonly name: string }
  | { readonly kind: "member"; readonly enum: string; readonly member: string }
  | { readonly kind: "variable"; readonly name: string; readonly fields: readonly string[] }
  /** A predicate's parameter, then fields: inlining puts the caller's argument in its place. */
  | { readonly kind: "param"; readonly name: string; readonly fields: readonly string[] }
  | { readonly kind: "it-args"; readonly fields: readonly string[] }
  | { readonly kind: "it-tool"; readonly field: string }
  | { readonly kind: "it-output"; readonly fields: readonly string[] }
  | { readonly kind: "tool"; readonly field: string }
  | { readonly kind: "now"; readonly field: string }
  /** A provenance label in `from`/`exposed`. */
  | { readonly kind: "label"; readonly label: string };

/**
 * Accumulates the checker's findings. One is created per `check` call and never
 * shared, so the stage stays a pure function of its input.
 */
export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly references: Reference[] = [];
  readonly types = new Map<ast.Expr, Type>();
  readonly meanings = new Map<ast.PathExpr, PathMeaning>();
  /** The patterns of each `like`/`matches`, from a literal, a list or a const: one or more. */
  readonly patterns = new Map<ast.BinaryExpr, readonly string[]>();
  /** The type each `is` test tests for. */
  readonly typeTests = new Map<ast.TypeTestExpr, Type>();
  /** Tools some rule's effect line targets (a tool no rule targets is always denied: worth a warning). */
  readonly targetedTools = new Set<string>();
  /** Tool names targets wrote that no tool declares: the tool one of them misspells is not also warned about as untargeted. */
  readonly unresolvedTools = new Set<string>();
  /** The tools each `count`/`seen`/`sum` covers, in declaration order. */
  readonly historyTools = new Map<ast.HistoryExpr, readonly string[]>();
  /** The scope every checked expression saw, so the editor asks the checker what is in scope instead of re-deriving it. */
  readonly scopes = new Map<ast.Expr, Scope>();

  constructor(readonly symbols: Symbols) {}

  report(code: Code, span: Span, message: string, extras: DiagnosticExtras = {}): void {
    this.diagnostics.push(diagnostic(code, span, message, extras));
  }

  refer(span: Span, target: SymbolRef): void {
    this.references.push({ span, target, declaration: false });
  }
}
