// A generic walk over the compiler's AST: any object with a `span` is a node, so no feature repeats the node types.
import type { Ast, Span } from "@apol/compiler";

/** An AST node, a name, a clause or a comment: anything the compiler gave a span. */
export interface Node {
  readonly span: Span;
  readonly kind?: string;
}

function isNode(value: unknown): value is Node {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const span = (value as { span?: unknown }).span;
  return typeof span === "object" && span !== null && typeof (span as Span).start === "number";
}

/** The nodes directly under `node`, in source order, each once (a policy lists its header twice). */
export function childrenOf(node: Node): Node[] {
  const seen = new Set<Node>();
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) seen.add(item);
    } else if (isNode(value)) seen.add(value);
  }
  return [...seen].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
}

/** The chain of nodes from the policy down to the innermost node touching `offset` (ends included). */
export function pathTo(root: Ast.Policy, offset: number): Node[] {
  const chain: Node[] = [root];
  let current: Node = root;
  for (;;) {
    const children = childrenOf(current).filter((c) => c.span.start <= offset && offset <= c.span.end);
    // Prefer a child that strictly contains the offset over one that merely ends there.
    const next = children.find((c) => offset < c.span.end) ?? children[children.length - 1];
    if (!next) return chain;
    chain.push(next);
    current = next;
  }
}

/** Calls `visit` on every node under `root` (root included), parents before children. */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => void): void {
  const stack: [Node, Node | undefined][] = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop() as [Node, Node | undefined];
    visit(node, parent);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as Node, node]);
  }
}
