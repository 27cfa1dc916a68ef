// The `check` stage: type checks rules, expressions and tests against the resolved declarations.
import type * as ast from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { CheckContext, type PathMeaning } from "./context.js";
import type { Scope } from "./expressions.js";
import type { Resolved } from "./resolve.js";
import type { RuleChecks } from "./rule-checks.js";
import { checkRule, type CheckedRule } from "./rules.js";
import type { Reference, Symbols } from "./symbols.js";
import { checkPredicates } from "./predicates.js";
import { checkTests } from "./tests.js";
import type { Type } from "./types.js";
import { reportUnused } from "./unused.js";

/** A checked policy: everything `lower`, the reference evaluator and the language server need. */
export interface Checked {
  readonly ast: ast.Policy;
  readonly symbols: Symbols;
  /** Rules with an effect, in source order (duplicates by name excluded: the first wins). */
  readonly rules: readonly CheckedRule[];
  readonly tests: readonly ast.TestDecl[];
  /** The type of every checked expression. */
  readonly types: ReadonlyMap<ast.Expr, Type>;
  /** What every path expression denotes. */
  readonly meanings: ReadonlyMap<ast.PathExpr, PathMeaning>;
  /** The patterns of each `like`/`matches` (any of them matching), known at compile time. */
  readonly patterns: ReadonlyMap<ast.BinaryExpr, readonly string[]>;
  /** The type each `is` test tests for. */
  readonly typeTests: ReadonlyMap<ast.TypeTestExpr, Type>;
  /** The tools each history function covers. */
  readonly historyTools: ReadonlyMap<ast.HistoryExpr, readonly string[]>;
  /** What was in scope for every checked expression (targeted tools, `it`, quantifier variables). */
  readonly scopes: ReadonlyMap<ast.Expr, Scope>;
  /** Every declaration and use of a name, for go-to-definition, references and rename. */
  readonly references: readonly Reference[];
}

/** How `check` runs beyond its defaults. */
export interface CheckOptions {
  /**
   * The AST is a fragment of a document (an editor's declaration around the cursor) checked
   * against the whole document's symbols: only the predicates in the fragment are checked, and
   * nothing is reported unused (the rest of the document, not checked, may use it).
   */
  readonly fragment?: boolean;
}

/** Checks a resolved policy; with `reuse` (an editor's, kept per document), rules unchanged since its last run are not checked again. */
export function check(resolved: Resolved, reuse?: RuleChecks, options: CheckOptions = {}): { output: Checked; diagnostics: Diagnostic[] } {
  const ctx = new CheckContext(resolved.symbols);
  // A loop, not `push(...spread)`: a spread of 100,000 references overflows the call stack.
  for (const reference of resolved.references) ctx.references.push(reference);
  checkPredicates(ctx, options.fragment ? new Set(resolved.ast.declarations) : undefined);
  const rules: CheckedRule[] = [];
  const tests: ast.TestDecl[] = [];
  reuse?.begin(resolved);
  for (const decl of resolved.ast.declarations) {
    if (decl.kind === "RuleDecl") {
      const checked = reuse ? reuse.check(decl, ctx) : checkRule(decl, ctx);
      // A duplicate rule is still checked (its errors matter) but only the first takes part in decisions.
      if (checked && resolved.symbols.rules.get(decl.name.text) === decl) rules.push(checked);
    } else if (decl.kind === "TestDecl") tests.push(decl);
  }
  reuse?.end();
  checkTests(tests, ctx);
  if (!options.fragment) reportUnused(ctx);
  const maps = reuse?.maps(ctx) ?? ctx;
  return {
    output: {
      ast: resolved.ast,
      symbols: resolved.symbols,
      rules,
      tests,
      types: maps.types,
      meanings: maps.meanings,
      patterns: maps.patterns,
      typeTests: maps.typeTests,
      historyTools: maps.historyTools,
      scopes: maps.scopes,
      references: ctx.references,
    },
    diagnostics: ctx.diagnostics,
  };
}
