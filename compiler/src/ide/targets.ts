// `toolsCovered`: the tools one target (`send`, `tagged external`, `tier >= 2`, `*`) covers, as the checker resolves targets.
import type * as ast from "../ast/ast.js";
import type { Symbols, ToolSymbol } from "../check/symbols.js";
import { covers } from "../check/targets.js";

/** The tools `target` covers, in declaration order. */
export function toolsCovered(symbols: Symbols, target: ast.Target): ToolSymbol[] {
  if (target.kind === "ToolTarget") {
    const tool = symbols.tools.get(target.name.text);
    return tool ? [tool] : [];
  }
  return [...symbols.tools.values()].filter((tool) => covers(target, tool));
}
