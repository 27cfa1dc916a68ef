// What checking each rule found, kept between runs of `check` so an editor re-checks only the rules an edit touched.
import type * as ast from "../ast/ast.js";
import type { Checked } from "./check.js";
import { CheckContext } from "./context.js";
import type { Resolved } from "./resolve.js";
import { LayeredMap } from "./rule-layers.js";
import { checkRule, type CheckedRule } from "./rules.js";

/** The maps of a checked policy that each rule's check fills. */
type RuleMaps = Pick<Checked, "types" | "meanings" | "patterns" | "typeTests" | "historyTools" | "scopes">;

/** One rule's check: the context it alone filled, and its result. */
interface Recorded {
  readonly context: CheckContext;
  readonly result: CheckedRule | undefined;
}

/**
 * A rule's check depends only on the rule and on the declarations it can see (tools, shapes,
 * enums, consts, the policy header), never on another rule or a test. So when every such
 * declaration is the very object of the last run (an incremental parser keeps the parse of each
 * unchanged declaration), a rule that is also the same object is not checked again: what its
 * check added to the context is added again. Only rules whose check reported nothing are kept,
 * so no diagnostic (whose spans may point elsewhere) is ever replayed. A rule's maps (types,
 * meanings, scopes...) are not copied into the run's: the run's maps read through to each rule's
 * (`maps`), since copying every rule's entries on every keystroke cost more than checking the rule.
 *
 * INVARIANT (spans-owned): every span a reference holds is an object of the parse, which the
 * incremental parser moves in place when the rule moves; a span the checker built would stay
 * behind. `lsp/src/incremental-check.test.ts` compares with checking everything after edits.
 *
 * One instance serves one document, whose successive texts it sees in order.
 */
export class RuleChecks {
  private environment: readonly object[] = [];
  private recorded = new Map<ast.RuleDecl, Recorded>();
  private next = new Map<ast.RuleDecl, Recorded>();
  /** The rules this run checked or kept, in source order, with their contexts. */
  private layers: { readonly span: ast.RuleDecl["span"]; readonly context: CheckContext }[] = [];

  /** Starts a run of `check` on `resolved`: forgets every rule if a declaration rules can see changed. */
  begin(resolved: Resolved): void {
    const environment: object[] = [...resolved.ast.headers];
    for (const decl of resolved.ast.declarations) if (decl.kind !== "RuleDecl" && decl.kind !== "TestDecl") environment.push(decl);
    const same = environment.length === this.environment.length && environment.every((decl, i) => decl === this.environment[i]);
    if (!same) this.recorded = new Map();
    this.environment = environment;
    this.next = new Map();
    this.layers = [];
  }

  /** Checks `rule` into `ctx`, or adds what its last check added when it was kept. */
  check(rule: ast.RuleDecl, ctx: CheckContext): CheckedRule | undefined {
    let recorded = this.recorded.get(rule);
    if (recorded === undefined) {
      const context = new CheckContext(ctx.symbols);
      recorded = { context, result: checkRule(rule, context) };
    }
    if (recorded.context.diagnostics.length === 0) this.next.set(rule, recorded);
    merge(recorded.context, ctx);
    this.layers.push({ span: rule.span, context: recorded.context });
    return recorded.result;
  }

  /** Ends the run: only the rules this run saw are kept for the next. */
  end(): void {
    this.recorded = this.next;
    this.next = new Map();
  }

  /** The run's maps: `ctx`'s own entries (predicates, tests) and those of every rule this run checked or kept. */
  maps(ctx: CheckContext): RuleMaps {
    const layers = this.layers;
    const over = <K extends ast.Expr, V>(base: ReadonlyMap<K, V>, of: (c: CheckContext) => ReadonlyMap<K, V>) =>
      new LayeredMap(
        base,
        layers.map((l) => ({ span: l.span, map: of(l.context) })),
      );
    return {
      types: over(ctx.types, (c) => c.types),
      meanings: over(ctx.meanings, (c) => c.meanings),
      patterns: over(ctx.patterns, (c) => c.patterns),
      typeTests: over(ctx.typeTests, (c) => c.typeTests),
      historyTools: over(ctx.historyTools, (c) => c.historyTools),
      scopes: over(ctx.scopes, (c) => c.scopes),
    };
  }
}

/** Adds what the rest of the check reads back from one rule's (its maps are read through, see `maps`). */
function merge(from: CheckContext, ctx: CheckContext): void {
  for (const d of from.diagnostics) ctx.diagnostics.push(d);
  for (const r of from.references) ctx.references.push(r);
  for (const tool of from.targetedTools) ctx.targetedTools.add(tool);
  for (const tool of from.unresolvedTools) ctx.unresolvedTools.add(tool);
}
