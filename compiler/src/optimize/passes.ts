// The `optimize` stage: the ordered list of passes over the decision tree.
import type { DecisionTree, IrExpr, ToolNode } from "../ir/decision-tree.js";
import { canFault } from "../ir/lower.js";
import { fold } from "./fold.js";
import { simplifyGlobs } from "./globs.js";
import { hoist } from "./hoist.js";
import { compileSets } from "./sets.js";

/** Folds and compiles each check's condition, then drops checks that can never match. */
function simplifyChecks(tool: ToolNode): ToolNode {
  return { ...tool, checks: simplified(tool.checks), redactions: simplified(tool.redactions) };
}

function simplified<C extends { readonly condition: IrExpr; readonly canFault: boolean }>(checks: readonly C[]): C[] {
  const kept: C[] = [];
  for (const check of checks) {
    const condition = compileSets(simplifyGlobs(fold(check.condition)));
    // A condition folded to `false` never matches (a fault cannot happen: literals don't fault).
    if (condition.op === "lit" && condition.value === false) continue;
    kept.push({ ...check, condition, canFault: canFault(condition) });
  }
  return kept;
}

/** Passes in order; each maps a tool node to an equivalent one. Hoisting goes last: it needs the folded shapes. */
const passes: readonly { readonly name: string; readonly run: (tool: ToolNode) => ToolNode }[] = [
  { name: "simplify-checks", run: simplifyChecks },
  { name: "hoist-shared", run: hoist },
];

/** Optimizes every tool's branch of the tree. */
export function optimize(tree: DecisionTree): { output: DecisionTree; diagnostics: [] } {
  return { output: { ...tree, tools: tree.tools.map((tool) => passes.reduce((t, pass) => pass.run(t), tool)) }, diagnostics: [] };
}
