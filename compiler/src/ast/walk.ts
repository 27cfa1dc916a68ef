// A typed walk over the AST: each node kind lists its children here, so editor features need no reflection over node objects.
import type * as ast from "./ast.js";
import type { Span } from "../source/span.js";

/** Everything in the AST that has a span: declarations, clauses, expressions, names, comments. */
export type Node =
  | ast.Policy
  | ast.Comment
  | ast.Declaration
  | ast.Field
  | ast.Param
  | ast.TypeExpr
  | ast.ToolClause
  | ast.EffectClause
  | ast.Target
  | ast.RedactPath
  | Extract<ast.PathSegment, { kind: "each" }>
  | ast.RuleClause
  | ast.TestStatement
  | ast.TestCall
  | ast.Expr
  | ast.ObjectEntry
  | ast.Window
  | ast.Name;

/** The nodes directly under `node`, in source order, each once (a policy lists its header twice). */
export function childrenOf(node: Node): Node[] {
  const seen = new Set<Node>(direct(node).filter((c): c is Node => c !== undefined));
  return [...seen].sort(bySource);
}

function bySource(a: { span: Span }, b: { span: Span }): number {
  return a.span.start - b.span.start || b.span.end - a.span.end;
}

/** The children of each kind of node, in no particular order. A new field holding a node must be added here (the walker's test checks every kind). */
function direct(node: Node): readonly (Node | undefined)[] {
  if (!("kind" in node)) return "key" in node ? [node.key, node.value] : [];
  switch (node.kind) {
    case "Policy":
      return [...node.headers, ...node.declarations, ...node.comments];
    case "PolicyHeader":
      return [node.name, node.timezone];
    case "EnumDecl":
      return [node.name, ...node.members];
    case "ShapeDecl":
      return node.fields;
    case "Field":
    case "Param":
      return [node.name, node.type];
    case "PredicateDecl":
      return [node.name, ...node.params, node.body];
    case "NamedType":
      return [node.name];
    case "ListType":
      return [node.element];
    case "RecordType":
      return node.fields;
    case "UnionType":
      return node.members;
    case "ToolDecl":
      return [node.name, ...node.params, ...node.clauses];
    case "tags":
      return node.tags;
    case "tier":
      return [node.tier];
    case "returns":
      return [node.label];
    case "output":
      return [node.type];
    case "ConstDecl":
      return [node.name, node.value];
    case "RuleDecl":
      return [node.name, node.effect, ...(node.extraEffects ?? []), ...node.clauses];
    case "EffectClause":
      return [...node.targets, ...node.paths];
    case "ToolTarget":
      return [node.name];
    case "TagTarget":
      return [node.tag];
    case "TierTarget":
      return [node.tier];
    case "RedactPath":
      // A field step has no span of its own, so only `[*]` steps are nodes; semantic tokens and `membersAt` read the names from the path.
      return node.segments.filter((s): s is Extract<ast.PathSegment, { kind: "each" }> => s.kind === "each");
    case "when":
    case "unless":
      return [node.expr];
    case "approvals":
      return [node.count, node.from];
    case "expires":
      return [node.duration];
    case "reason":
      return [node.text];
    case "TestDecl":
      return [node.title, ...node.statements];
    case "given":
    case "now":
      return [node.value];
    case "history":
      return node.calls;
    case "observe":
      return [node.value, ...node.labels];
    case "call":
      return [node.call];
    case "expect":
      return [node.effect, node.rule];
    case "approve":
      return node.approvers;
    case "expectOutput":
      return [node.value];
    case "TestCall":
      return [node.tool, ...node.args, node.unchecked, node.returns, ...node.labels];
    case "List":
      return node.items;
    case "Object":
      return node.entries;
    case "Path":
      return [node.head, ...node.fields];
    case "Unary":
      return [node.operand];
    case "Binary":
      return [node.left, node.right];
    case "TypeTest":
      return [node.operand, node.type];
    case "Call":
      return [node.callee, ...node.args];
    case "Quantifier":
      return [node.variable, node.list, node.body];
    case "History":
      return node.fn === "sum" ? [node.tool, node.arg, node.where, node.window] : [...node.targets, node.where, node.window];
    case "line":
    case "block":
    case "doc":
    case "AllTarget":
    case "each":
    case "String":
    case "Number":
    case "Bool":
    case "Duration":
    case "Missing":
    case "Session":
      return [];
  }
}

/** The chain of nodes from the policy down to the innermost node touching `offset` (ends included). */
export function pathTo(root: ast.Policy, offset: number): Node[] {
  const chain: Node[] = [root];
  let current: Node = root;
  for (;;) {
    const children: Node[] = childrenOf(current).filter((c) => c.span.start <= offset && offset <= c.span.end);
    // Prefer a child that strictly contains the offset over one that merely ends there.
    const next: Node | undefined = children.find((c) => offset < c.span.end) ?? children[children.length - 1];
    if (!next) return chain;
    chain.push(next);
    current = next;
  }
}

/** Calls `visit` on every node under `root` (root included), parents before children, in source order. */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => void): void {
  const stack: [Node, Node | undefined][] = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop() as [Node, Node | undefined];
    visit(node, parent);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as Node, node]);
  }
}

/** The innermost node of the chain that satisfies `is`. */
export function innermost<T extends Node>(chain: readonly Node[], is: (node: Node) => node is T): T | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i] as Node;
    if (is(node)) return node;
  }
  return undefined;
}

/** The node just outside `node` on the chain. */
export function parentOn(chain: readonly Node[], node: Node): Node | undefined {
  const at = chain.indexOf(node);
  return at > 0 ? chain[at - 1] : undefined;
}

/** Whether a node is an expression (the kinds the checker types). */
export function isExpr(node: Node): node is ast.Expr {
  return "kind" in node && exprKinds.has(node.kind);
}

const exprKinds: ReadonlySet<string> = new Set<ast.Expr["kind"]>([
  "String",
  "Number",
  "Bool",
  "Duration",
  "List",
  "Object",
  "Path",
  "Unary",
  "Binary",
  "Call",
  "Quantifier",
  "History",
  "Missing",
]);
