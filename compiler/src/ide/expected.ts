// `expectedTypeAt` and `labelExpectedAt`: what the checker expects of a name at an offset, from the other operand or the declaration it fills.
import type * as ast from "../ast/ast.js";
import { builtinFunctions } from "../check/builtins.js";
import type { Checked } from "../check/check.js";
import { listOf, stringType, type Type } from "../check/types.js";
import { innermost, parentOn, pathTo, type Node } from "../ast/walk.js";

/**
 * The type expected of the path at `offset`: the other side of `==`/`!=`, the element of the
 * list `contains` looks in, the left side of `in [...]`, a list of the left side's type after `in`,
 * a list of strings after `approvals N of`, a predicate's parameter at its argument, a tool argument in a
 * test's `call`, a shape field in a test's `user { ... }`. Undefined where nothing in particular is expected.
 */
export function expectedTypeAt(checked: Checked, offset: number): Type | undefined {
  const chain = pathTo(checked.ast, offset);
  const path = innermost(chain, isPath);
  const parent = path && parentOn(chain, path);
  if (!path || !parent || !("kind" in parent)) return parent && !("kind" in parent) ? entryType(checked, chain, parent) : undefined;
  if (parent.kind === "approvals") return listOf(stringType);
  if (parent.kind === "Call") return checked.symbols.predicates.get(parent.callee.text)?.params[parent.args.indexOf(path)]?.type;
  if (parent.kind === "Binary") {
    const other = parent.left === path ? parent.right : parent.left;
    const type = checked.types.get(other);
    if (parent.op === "==" || parent.op === "!=") return type;
    if ((parent.op === "in" || parent.op === "not in") && parent.right === path) return type && listOf(type);
    if (parent.op === "contains" && parent.right === path && type?.kind === "list") return type.element;
    return undefined;
  }
  if (parent.kind === "List") {
    const binary = parentOn(chain, parent);
    if (binary && "kind" in binary && binary.kind === "Binary" && (binary.op === "in" || binary.op === "not in") && binary.right === parent)
      return checked.types.get(binary.left);
  }
  return undefined;
}

/** Whether the path at `offset` stands where a built-in takes a provenance label (`from(x, <here>)`). */
export function labelExpectedAt(checked: Checked, offset: number): boolean {
  const chain = pathTo(checked.ast, offset);
  const path = innermost(chain, isPath);
  const call = path && parentOn(chain, path);
  if (!path || !call || !("kind" in call) || call.kind !== "Call") return false;
  return builtinFunctions.get(call.callee.text)?.params[call.args.indexOf(path)]?.kind === "label";
}

function isPath(node: Node): node is ast.PathExpr {
  return "kind" in node && node.kind === "Path";
}

/** The declared type of a test value's entry: a tool argument in `call`, a shape field in `user { ... }`. */
function entryType(checked: Checked, chain: readonly Node[], entry: Node): Type | undefined {
  if (!("key" in entry)) return undefined;
  const owner = parentOn(chain, entry);
  if (owner && "kind" in owner && owner.kind === "TestCall") return checked.symbols.tools.get(owner.tool.text)?.params.get(entry.key.text)?.type;
  const statement = owner ? parentOn(chain, owner) : undefined;
  if (owner && "kind" in owner && owner.kind === "Object" && statement && "kind" in statement && statement.kind === "given") {
    return checked.symbols.shapes.get(statement.part)?.fields.get(entry.key.text)?.type;
  }
  return undefined;
}
