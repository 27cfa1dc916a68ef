// What session state a decision tree reads: per counted tool its longest window, the arguments and output `where` reads; the labels asked about.
import { OTHER_THAN_UNTRUSTED, type HistoryNeed, type StateNeeds } from "@apol/runtime";
import type { DecisionTree, IrExpr } from "./decision-tree.js";
import { children } from "./traverse.js";

interface Collected {
  windowMs: number;
  args: Set<string> | true;
  output: boolean;
}

/**
 * The `needs` export of a policy's module, from its history (`count`, `seen`,
 * `sum`) and provenance (`from`, `tainted`, `exposed`) uses: the store keeps only
 * this, so a policy that uses none stores nothing.
 */
export function stateNeeds(tree: DecisionTree): StateNeeds {
  const history = new Map<string, Collected>();
  const labels = new Set<string>();
  const reads: Record<string, { history: boolean; contents: boolean }> = {};

  const counted = (tool: string, windowMs: number): Collected => {
    let entry = history.get(tool);
    if (!entry) history.set(tool, (entry = { windowMs, args: new Set(), output: false }));
    entry.windowMs = Math.max(entry.windowMs, windowMs);
    return entry;
  };

  /** Walks `expr`; `it` is the tools the innermost enclosing `where` ranges over. */
  const visit = (expr: IrExpr, it: readonly string[], uses: { history: boolean; contents: boolean }): void => {
    const readIt = (path: readonly string[]): void => {
      const [part, name] = path;
      for (const tool of it) {
        const entry = counted(tool, 0);
        if (part === "output") entry.output = true;
        else if (part === "args" && name !== undefined && entry.args !== true) entry.args.add(name);
        else if (part === "args") entry.args = true;
      }
    };
    switch (expr.op) {
      case "count":
      case "seen":
      case "sum": {
        uses.history = true;
        const tools = expr.op === "sum" ? [expr.tool] : expr.tools;
        for (const tool of tools) counted(tool, expr.windowMs);
        if (expr.op === "sum") {
          const entry = counted(expr.tool, expr.windowMs);
          if (entry.args !== true) entry.args.add(expr.arg);
        }
        if (expr.where) visit(expr.where, tools, uses);
        return;
      }
      case "it":
        return readIt([expr.part, ...expr.path]);
      case "has":
        if (expr.root === "it") readIt(expr.path);
        return;
      case "from":
      case "exposed":
        uses.contents = true;
        labels.add(expr.label);
        // `tainted` also reads the content of every other source (runtime/src/provenance/content-index.ts).
        if (expr.op === "from" && expr.relation === "tainted") labels.add(OTHER_THAN_UNTRUSTED);
        break;
    }
    for (const child of children(expr)) visit(child, it, uses);
  };

  for (const tool of tree.tools) {
    const uses = { history: false, contents: false };
    for (const expr of [...tool.hoisted, ...tool.checks.map((c) => c.condition), ...tool.redactions.map((c) => c.condition)]) visit(expr, [], uses);
    if (uses.history || uses.contents) reads[tool.name] = uses;
  }
  const order = tree.tools.map((t) => t.name);
  const needed: Record<string, HistoryNeed> = {};
  for (const tool of order.filter((t) => history.has(t))) {
    const { windowMs, args, output } = history.get(tool)!;
    needed[tool] = { windowMs, args: args === true ? true : [...args].sort(), output };
  }
  return { history: needed, labels: [...labels].sort(), reads };
}
