// Which comparisons can never fault: a `deny` rule whose condition faults matches, so a lint may call a `deny` rule dead only when nothing in its condition can fail.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import type { CheckedRule } from "../check/rules.js";

/**
 * Whether reading `path` never faults for any call `rule` covers: a top-level
 * argument that every targeted tool requires (validation guarantees it is present
 * and of its declared type). Identity fields, `now` and optional arguments can fail.
 */
export function neverFaults(path: ast.PathExpr, rule: CheckedRule, checked: Checked): boolean {
  const meaning = checked.meanings.get(path);
  if (meaning?.kind !== "args" || meaning.fields.length !== 1) return false;
  const name = meaning.fields[0]!;
  return rule.tools.every((tool) => {
    const param = checked.symbols.tools.get(tool)?.params.get(name);
    return param !== undefined && !param.optional;
  });
}
