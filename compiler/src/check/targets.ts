// Resolves rule and history targets (`send_money`, `tagged external`, `tier >= 2`, `*`) to the tools they cover.
import type * as ast from "../ast/ast.js";
import type { CheckContext } from "./context.js";
import { didYouMean, unknownTool } from "./hints.js";
import { writtenToolName } from "../syntax/tool-names.js";
import type { ToolSymbol } from "./symbols.js";

/** Compares a tool's tier with a `tier OP N` target. */
export function tierMatches(tier: number, op: ast.CompareOp, bound: number): boolean {
  switch (op) {
    case "==":
      return tier === bound;
    case "!=":
      return tier !== bound;
    case "<":
      return tier < bound;
    case "<=":
      return tier <= bound;
    case ">":
      return tier > bound;
    case ">=":
      return tier >= bound;
  }
}

/** Whether one target covers a tool (a `tier` out of range covers none): the one statement of what each kind of target means. */
export function covers(target: ast.Target, tool: ToolSymbol): boolean {
  switch (target.kind) {
    case "ToolTarget":
      return target.name.text === tool.name;
    case "TagTarget":
      return tool.tags.includes(target.tag.text);
    case "TierTarget":
      return validTier(target.tier.value) && tierMatches(tool.tier, target.op, target.tier.value);
    case "AllTarget":
      return true;
  }
}

function validTier(bound: number): boolean {
  return Number.isInteger(bound) && bound >= 0 && bound <= 3;
}

/** The tools the targets cover, in declaration order, without repeats; unknown names are reported. */
export function resolveTargets(targets: readonly ast.Target[], ctx: CheckContext): ToolSymbol[] {
  // Only `tagged`, `tier` and `*` need every tool; a list of names (the common case) must not cost O(tools).
  const needsAll = targets.some((t) => t.kind !== "ToolTarget");
  const tools = needsAll ? [...ctx.symbols.tools.values()] : [];
  const covered = new Set<ToolSymbol>();
  for (const target of targets) {
    switch (target.kind) {
      case "ToolTarget": {
        const name = target.name.text;
        if (name === "") break;
        const tool = ctx.symbols.tools.get(name);
        if (tool) {
          covered.add(tool);
          ctx.refer(target.name.span, { kind: "tool", name });
        } else {
          ctx.unresolvedTools.add(name);
          ctx.report(
            "apol/unknown-tool",
            target.name.span,
            `unknown tool \`${writtenToolName(target.name)}\``,
            unknownTool(name, ctx.symbols.tools.keys(), target.name.span),
          );
        }
        break;
      }
      case "TagTarget": {
        const tag = target.tag.text;
        if (tag === "") break;
        const tagged = tools.filter((t) => covers(target, t));
        if (tagged.length === 0) {
          const allTags = [...new Set(tools.flatMap((t) => t.tags))];
          ctx.report("apol/unknown-tag", target.tag.span, `no tool is tagged \`${tag}\``, {
            ...didYouMean(tag, allTags, target.tag.span, "add `tags " + tag + "` to the tools it should cover"),
          });
        } else ctx.refer(target.tag.span, { kind: "tag", name: tag });
        for (const tool of tagged) covered.add(tool);
        break;
      }
      case "TierTarget": {
        if (!validTier(target.tier.value)) {
          ctx.report("apol/invalid-tier", target.tier.span, `tier \`${target.tier.raw}\` is out of range`, {
            help: "a tier is a whole number from 0 to 3",
          });
          break;
        }
        for (const tool of tools) if (covers(target, tool)) covered.add(tool);
        break;
      }
      case "AllTarget":
        for (const tool of tools) covered.add(tool);
        break;
    }
  }
  // Declaration order: the symbol table's insertion order.
  if (needsAll) return tools.filter((t) => covered.has(t));
  const order = ctx.symbols.toolOrder;
  return [...covered].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}
