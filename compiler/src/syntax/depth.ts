// The depth limit on the syntax tree: a declaration whose tree nests deeper than `maxDepth` (a long `and` chain, `number[][]…`) is reported and left out.
import type * as ast from "../ast/ast.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";
import { maxDepth } from "./limits.js";

/** The policy without its too-deep declarations, and one `apol/too-deep` per declaration left out. */
export interface DepthResult {
  readonly ast: ast.Policy;
  readonly diagnostics: Diagnostic[];
}

/** Leaves out every declaration deeper than `maxDepth`, so no later stage recurses deeper than that. */
export function limitDepth(policy: ast.Policy, text: string): DepthResult {
  const diagnostics: Diagnostic[] = [];
  const declarations = policy.declarations.filter((declaration) => {
    const deepest = tooDeepNode(declaration);
    if (deepest) diagnostics.push(tooDeep(deepest, text));
    return deepest === undefined;
  });
  return diagnostics.length === 0 ? { ast: policy, diagnostics } : { ast: { ...policy, declarations }, diagnostics };
}

interface Node {
  readonly kind: string;
  readonly span: Span;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string";
}

/**
 * Walks the tree with an explicit stack (the tree may be far deeper than the call stack allows).
 * A node with a `kind` is one level; arrays and kind-less objects (object entries, names) are
 * transparent. Returns the innermost node under the first node past the limit: for a chain
 * `true and true and …` its first `true`, a token-sized span to underline.
 */
function tooDeepNode(root: Node): Node | undefined {
  // Two parallel stacks, not a stack of pairs, and spans skipped: this walk visits every object of every declaration, and those cost a third of its time.
  const values: object[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop() as object;
    const depth = depths.pop() as number;
    const node = isNode(value);
    if (node && depth > maxDepth) return innermost(value);
    const childDepth = node ? depth + 1 : depth;
    if (Array.isArray(value)) {
      // Pushed last to first, so the first child (the left operand) is walked first and the report lands on the leftmost path.
      for (let i = value.length - 1; i >= 0; i--) push(values, depths, value[i], childDepth);
      continue;
    }
    // Pushed first to last without listing the keys (an array per object), then turned around, as above.
    const pushedFrom = values.length;
    for (const key in value) {
      // A span is plain offsets: nothing under it can be deep.
      if (key !== "span") push(values, depths, (value as Record<string, unknown>)[key], childDepth);
    }
    reverseFrom(values, pushedFrom);
    reverseFrom(depths, pushedFrom);
  }
  return undefined;
}

/** Reverses `list` from `from` to its end, in place. */
function reverseFrom(list: unknown[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) {
    const swapped = list[i];
    list[i] = list[j];
    list[j] = swapped;
  }
}

function push(values: object[], depths: number[], child: unknown, depth: number): void {
  if (typeof child === "object" && child !== null) {
    values.push(child);
    depths.push(depth);
  }
}

/** Follows the first child node down to a leaf. */
function innermost(node: Node): Node {
  let current = node;
  for (;;) {
    const next = firstChild(current);
    if (!next) return current;
    current = next;
  }
}

function firstChild(value: object): Node | undefined {
  for (const child of Object.values(value) as unknown[]) {
    if (isNode(child)) return child;
    if (typeof child === "object" && child !== null) {
      const inner = firstChild(child);
      if (inner) return inner;
    }
  }
  return undefined;
}

function tooDeep(node: Node, text: string): Diagnostic {
  const shown = text.slice(node.span.start, node.span.end);
  const what = shown.length > 0 && shown.length <= 40 && !/[\r\n`]/.test(shown) ? `\`${shown}\`` : "this";
  return diagnostic("apol/too-deep", node.span, `${what} nests more than ${maxDepth} deep`, {
    help: `an operator chain, list or type nests at most ${maxDepth} deep: split a long \`and\`, \`or\` or \`+\` chain across rules, or use \`in [...]\``,
  });
}
