// Lint: a `tier` or `*` target that covers no declared tool (the checker already rejects unknown tool names and tags), in effect lines and history functions.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import { listNames } from "../check/hints.js";
import type { ToolSymbol } from "../check/symbols.js";
import { tierMatches } from "../check/targets.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Finding } from "./finding.js";

/**
 * Reports each target that covers no declared tool. A rule all of whose targets
 * are empty covers no tool, so it never decides: its first empty target says so.
 */
export function emptyTargets(checked: Checked): Finding[] {
  const tools = [...checked.symbols.tools.values()];
  const found: Finding[] = [];
  for (const rule of checked.rules) {
    const empty = rule.decl.effect?.targets.filter((t) => coversNothing(t, tools)) ?? [];
    empty.forEach((target, i) => {
      // A `redact` rule decides nothing anyway; the others are dead when they cover no tool.
      const dead = i === 0 && rule.tools.length === 0 && rule.effect !== "redact";
      const consequence = dead ? `, so rule \`${rule.name}\` never applies` : "";
      found.push({ ...(dead ? { neverDecides: rule.name } : {}), diagnostic: report(target, tools, consequence) });
    });
  }
  for (const history of checked.historyTools.keys()) {
    if (history.fn === "sum") continue;
    for (const target of history.targets)
      if (coversNothing(target, tools)) found.push({ diagnostic: report(target, tools, `, so \`${history.fn}\` finds no call through it`) });
  }
  return found;
}

/** Whether a target the checker accepted covers none of `tools`: tool names and tags it resolved cover one at least. */
function coversNothing(target: ast.Target, tools: readonly ToolSymbol[]): boolean {
  if (target.kind === "TierTarget") return !tools.some((t) => tierMatches(t.tier, target.op, target.tier.value));
  return target.kind === "AllTarget" && tools.length === 0;
}

function report(target: ast.Target, tools: readonly ToolSymbol[], consequence: string): Diagnostic {
  const text = target.kind === "TierTarget" ? `tier ${target.op} ${target.tier.raw}` : "*";
  if (tools.length === 0) {
    return diagnostic("apol/empty-target", target.span, `\`${text}\` covers no tool: the policy declares none${consequence}`, {
      help: "declare the tools the policy governs",
    });
  }
  const tiers = [...new Set(tools.map((t) => t.tier))].sort((a, b) => a - b).map(String);
  const have = tiers.length === 1 ? `every declared tool has tier \`${tiers[0]}\`` : `the declared tools have tiers ${listNames(tiers)}`;
  return diagnostic("apol/empty-target", target.span, `\`${text}\` covers no declared tool${consequence}`, {
    help: `${have}; change the target, or declare a tool it covers`,
  });
}
