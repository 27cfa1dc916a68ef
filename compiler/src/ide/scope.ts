// `scopeAt`: what the checker had in scope at an offset: the targeted tools, `it`'s tools, quantifier variables and a predicate's parameters with their types.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import type { ToolSymbol } from "../check/symbols.js";
import type { Type } from "../check/types.js";
import { isExpr, pathTo, type Node } from "../ast/walk.js";

export interface ScopeAt {
  /** The tools `args` refers to: the enclosing rule's targets. */
  readonly tools: readonly ToolSymbol[];
  /** Inside a history function's `where`: the tools `it` may be. */
  readonly it?: readonly ToolSymbol[];
  /** Quantifier variables bound here, innermost last, with the element type of their list. */
  readonly variables: ReadonlyMap<string, Type>;
  /** Inside a predicate's body: its parameters with their types. */
  readonly params: ReadonlyMap<string, Type>;
  /** Inside a predicate's body: its name. */
  readonly predicate?: string;
  /** The chain of nodes from the policy down to the offset. */
  readonly chain: readonly Node[];
}

/** The scope at `offset`: the one the checker used for the innermost checked expression there, else the enclosing rule's. */
export function scopeAt(checked: Checked, offset: number): ScopeAt {
  const chain = pathTo(checked.ast, offset);
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i] as Node;
    const scope = isExpr(node) ? checked.scopes.get(node) : undefined;
    if (scope) {
      const variables = new Map([...scope.variables].map(([name, v]) => [name, v.type]));
      const params = new Map([...(scope.params ?? [])].map(([name, p]) => [name, p.type]));
      return {
        tools: scope.tools,
        ...(scope.it ? { it: scope.it } : {}),
        variables,
        params,
        ...(scope.predicate !== undefined ? { predicate: scope.predicate } : {}),
        chain,
      };
    }
  }
  const predicate = chain.find((n): n is ast.PredicateDecl => "kind" in n && n.kind === "PredicateDecl");
  const symbol = predicate ? checked.symbols.predicates.get(predicate.name.text) : undefined;
  const params = new Map(symbol && symbol.decl === predicate ? symbol.params.map((p) => [p.name, p.type]) : []);
  return { tools: ruleTools(checked, chain), variables: new Map(), params, ...(predicate ? { predicate: predicate.name.text } : {}), chain };
}

/** The tools the rule on `chain` targets, as the checker resolved them. */
export function ruleTools(checked: Checked, chain: readonly Node[]): ToolSymbol[] {
  const rule = chain.find((n): n is ast.RuleDecl => "kind" in n && n.kind === "RuleDecl");
  const names = rule ? (checked.rules.find((r) => r.decl === rule)?.tools ?? []) : [];
  return names.map((n) => checked.symbols.tools.get(n)).filter((t): t is ToolSymbol => t !== undefined);
}
