// `membersAt`: the names that may follow a `.` at an offset, as the checker would accept them.
import type * as ast from "../ast/ast.js";
import { nowFields, toolFields } from "../check/builtins.js";
import type { Checked } from "../check/check.js";
import { CheckContext } from "../check/context.js";
import { ruleScope, type Scope } from "../check/expressions.js";
import { checkPath } from "../check/paths.js";
import type { ToolSymbol } from "../check/symbols.js";
import type { Type } from "../check/types.js";
import { ruleTools } from "./scope.js";
import { itFields } from "./tables.js";
import { pathTo, type Node } from "../ast/walk.js";

/** One name that may follow the `.`, with where it comes from so an editor can describe it. */
export type Member =
  /** An argument every one of `tools` declares (`args.x`, `it.args.x`, `sum(tool.x`). */
  | { readonly kind: "argument"; readonly name: string; readonly tools: readonly ToolSymbol[] }
  /** A top-level field of a declared shape (`user.x`). */
  | { readonly kind: "shape-field"; readonly name: string; readonly shape: ast.ShapeKind }
  /** A field of a record type: deeper in a shape, an argument, an output or a quantifier variable. */
  | { readonly kind: "field"; readonly name: string; readonly type: Type; readonly optional: boolean }
  /** A field of `tool` or `now` (also `it.tool`). */
  | { readonly kind: "builtin-field"; readonly name: string; readonly of: "tool" | "now" }
  /** `it.args`, `it.tool`, `it.output`. */
  | { readonly kind: "it-field"; readonly name: string; readonly doc: string };

/**
 * The members that may follow the `.` before the name at `offset` in a checked policy (the name
 * may be a placeholder), or undefined where `offset` is not after a `.` of a path.
 */
export function membersAt(checked: Checked, offset: number): Member[] | undefined {
  const chain = pathTo(checked.ast, offset);
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i] as Node;
    if (!("kind" in node)) continue;
    if (node.kind === "Path") return pathMembers(checked, node, offset, chain);
    if (node.kind === "History" && node.fn === "sum") return within(node.arg, offset) ? sumMembers(checked, node.tool.text) : undefined;
    if (node.kind === "RedactPath") return redactMembers(node, ruleTools(checked, chain), offset);
  }
  return undefined;
}

function within(name: ast.Name, offset: number): boolean {
  return name.span.start <= offset && offset <= name.span.end;
}

function pathMembers(checked: Checked, path: ast.PathExpr, offset: number, chain: readonly Node[]): Member[] | undefined {
  const at = path.fields.findIndex((f) => within(f, offset));
  if (at < 0) return undefined;
  // A clause the checker skips (a second `when`, an error of its own) has no recorded scope: the rule's targets still hold there.
  const scope = checked.scopes.get(path) ?? ruleScope(ruleTools(checked, chain));
  const prefix = path.fields.slice(0, at).map((f) => f.text);
  const head = path.head.text;
  if (head === "args" && prefix.length === 0) return argumentMembers(scope.tools);
  if (head === "it" && scope.it) {
    if (prefix.length === 0) return [...itFields].map(([name, doc]) => ({ kind: "it-field", name, doc }));
    if (prefix.length === 1 && prefix[0] === "args") return argumentMembers(scope.it);
    if (prefix.length === 1 && prefix[0] === "tool") return builtinMembers("tool");
  }
  if ((head === "tool" || head === "now") && prefix.length === 0) return builtinMembers(head);
  const shape = checked.symbols.shapes.get(head as ast.ShapeKind);
  if (shape && prefix.length === 0) return [...shape.fields.keys()].map((name) => ({ kind: "shape-field", name, shape: shape.shape }));
  return fieldMembers(prefixType(checked, path, at, scope));
}

/**
 * The type of the path up to (not including) field `at`, as the checker types it in `scope`.
 * Checked as under `has(...)` so an optional record still offers its fields (using one unguarded is the checker's to report).
 */
function prefixType(checked: Checked, path: ast.PathExpr, at: number, scope: Scope): Type {
  const prefix: ast.PathExpr = { ...path, fields: path.fields.slice(0, at) };
  return checkPath(prefix, scope, new CheckContext(checked.symbols), undefined, true);
}

/** The arguments every one of `tools` declares, in the first one's order: `args.x` must exist in each. */
function argumentMembers(tools: readonly ToolSymbol[]): Member[] {
  const [first] = tools;
  if (!first) return [];
  return [...first.params.keys()].filter((name) => tools.every((t) => t.params.has(name))).map((name) => ({ kind: "argument", name, tools }));
}

function builtinMembers(of: "tool" | "now"): Member[] {
  return [...(of === "tool" ? toolFields : nowFields).keys()].map((name) => ({ kind: "builtin-field", name, of }));
}

function fieldMembers(type: Type | undefined): Member[] {
  if (type?.kind !== "record") return [];
  return [...type.fields].map(([name, field]) => ({ kind: "field", name, type: field.type, optional: field.optional }));
}

/** `sum(TOOL.ARG, ...)`: the tool's arguments (the checker reports a non-numeric one, not an unknown one). */
function sumMembers(checked: Checked, tool: string): Member[] {
  const symbol = checked.symbols.tools.get(tool);
  return symbol ? argumentMembers([symbol]) : [];
}

/**
 * A `redact` path: the arguments of the targeted tools after `args.`; deeper, the fields every
 * tool's type has there (the checker walks each tool's declared output or argument type; an
 * undeclared output takes any field, so it narrows nothing).
 */
function redactMembers(path: ast.RedactPath, tools: readonly ToolSymbol[], offset: number): Member[] | undefined {
  const at = path.segments.findIndex((s) => s.kind === "field" && within(s.name, offset));
  if (at < 0) return undefined;
  const steps = path.segments.slice(0, at);
  if (path.root === "output") return sharedFields(tools.filter((t) => t.outputDeclared).map((t) => stepInto(t.output, steps)));
  const [first, ...rest] = steps;
  if (!first) return argumentMembers(tools);
  if (first.kind !== "field") return [];
  return sharedFields(tools.map((t) => t.params.get(first.name.text)).map((p) => (p ? stepInto(p.type, rest) : undefined)));
}

/** Follows redaction steps as the checker does: `[*]` into a list's elements, a name into a record's field. */
function stepInto(root: Type, steps: readonly ast.PathSegment[]): Type | undefined {
  let type: Type | undefined = root;
  for (const step of steps) {
    if (step.kind === "each") type = type?.kind === "list" ? type.element : undefined;
    else type = type?.kind === "record" ? type.fields.get(step.name.text)?.type : undefined;
  }
  return type;
}

/** The fields of the first record that every one of `types` has (none when any is not a record). */
function sharedFields(types: readonly (Type | undefined)[]): Member[] {
  const records = types.filter((t): t is Extract<Type, { kind: "record" }> => t?.kind === "record");
  if (records.length === 0 || records.length < types.length) return [];
  return fieldMembers(records[0]).filter((m) => records.every((r) => r.fields.has(m.name)));
}
