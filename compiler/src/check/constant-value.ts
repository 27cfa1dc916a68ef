// The value of an expression known at compile time (literals, negative numbers, enum members, consts), read from what the checker resolved.
import type * as ast from "../ast/ast.js";
import { scalarValue } from "../ast/scalar.js";
import type { PathMeaning } from "./context.js";
import type { ConstValue, Symbols } from "./symbols.js";

/** What the evaluation reads: the checker's path meanings and the symbol table (a `Checked` or the `CheckContext` itself). */
export interface Resolved {
  readonly meanings: ReadonlyMap<ast.PathExpr, PathMeaning>;
  readonly symbols: Symbols;
}

/** The constant value of `expr`: a literal, a negative number, an enum symbol or a const; undefined for anything else. */
export function constantValue(expr: ast.Expr, checked: Resolved): ConstValue | undefined {
  const scalar = scalarValue(expr);
  if (scalar !== undefined) return scalar;
  switch (expr.kind) {
    case "List": {
      const items = expr.items.map((i) => constantValue(i, checked));
      return items.every((i) => i !== undefined) ? items : undefined;
    }
    case "Path": {
      const meaning = checked.meanings.get(expr);
      if (meaning?.kind === "member") return meaning.member;
      if (meaning?.kind === "const") return checked.symbols.consts.get(meaning.name)?.value;
      return undefined;
    }
    default:
      return undefined;
  }
}
