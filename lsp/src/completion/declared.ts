// Completions of names a policy declares or the language fixes: tools, rules, tags, labels, types, windows.
import { builtinTypeNames, labelsOf, pathTo, spellToolName, typeToString, type Ast, type Symbols } from "@apol/compiler";
import { CompletionItemKind } from "vscode-languageserver";
import type { Analysis } from "../analysis.js";
import { describeEnum, describeRule, describeTag, describeTool } from "../describe.js";
import type { CompletionContext } from "./context.js";
import type { Items } from "./items.js";

const durations = ["1h", "24h", "7d", "30m"];

export function toolItems(symbols: Symbols, items: Items): void {
  // A tool named as MCP spells it is offered and inserted with its quotes (`"create-issue"`).
  for (const tool of symbols.tools.values()) items.add(spellToolName(tool.name), CompletionItemKind.Function, describeTool(tool));
}

/** The rules, or with `effect` only those with that effect (a test's `expect allow by` names an allow rule). */
export function ruleItems(latest: Analysis, items: Items, effect?: string): void {
  for (const [name, decl] of latest.checked.symbols.rules) {
    if (effect === undefined || decl.effect?.effect === effect)
      items.add(name, CompletionItemKind.Event, describeRule(latest.checked, name, latest.text) ?? "rule");
  }
}

export function tagItems(symbols: Symbols, items: Items): void {
  const all = [...symbols.tools.values()];
  for (const tag of new Set(all.flatMap((t) => t.tags))) items.add(tag, CompletionItemKind.Value, describeTag(tag, all));
}

export function labelItems(symbols: Symbols, items: Items): void {
  for (const label of labelsOf(symbols)) items.add(label, CompletionItemKind.Value, "label");
}

export function typeItems(symbols: Symbols, items: Items): void {
  for (const name of builtinTypeNames) items.add(name, CompletionItemKind.TypeParameter, "built-in type");
  for (const e of symbols.enums.values()) items.add(e.name, CompletionItemKind.Enum, describeEnum(e));
}

/** After `x is`: each member of `x`'s union type, spelled as a test writes it (`string[]`, `{ id: int }`). */
export function typeTestItems(context: CompletionContext, items: Items): void {
  const checked = context.checked;
  if (!checked) return;
  const test = [...pathTo(checked.ast, context.at)].reverse().find((n): n is Ast.TypeTestExpr => "kind" in n && n.kind === "TypeTest");
  if (!test) return;
  const operand = checked.types.get(test.operand);
  if (operand?.kind !== "union") return;
  for (const member of operand.members)
    items.add(typeToString(member), CompletionItemKind.TypeParameter, `a form of \`${typeToString(operand)}\``, { first: true });
}

/** Common durations: a history function's window, a review's `expires`. */
export function durationItems(items: Items, detail: string): void {
  for (const d of durations) items.add(d, CompletionItemKind.Unit, detail);
}
