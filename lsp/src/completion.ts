// Completion: finds what the cursor is in and hands it to the builder for that context; the compiler answers what fits there.
import { pathTo } from "@apol/compiler";
import type { CompletionItem, Position } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { completionContext, type CompletionContext } from "./completion/context.js";
import { labelItems, ruleItems, tagItems, toolItems, typeItems, windowItems } from "./completion/declared.js";
import { expressionItems } from "./completion/expressions.js";
import { Items } from "./completion/items.js";
import { keywordItems } from "./completion/keywords.js";
import { memberItems } from "./completion/members.js";
import { effectItems, entryKeyItems } from "./completion/test-values.js";
import type { Snapshot } from "./documents.js";
import { toOffset, toRange } from "./positions.js";

/**
 * The completions at `position`. The text is the document's current text; `latest` gives the
 * declarations (it may lag the text by a few keystrokes, which completion tolerates).
 */
export function completion(snapshot: Snapshot, latest: Analysis | undefined, position: Position): CompletionItem[] {
  const offset = toOffset(snapshot.index, position);
  const symbols = latest?.checked.symbols;
  const context = completionContext(snapshot.text, offset, symbols);
  if (!context) return [];
  const items = new Items(toRange(snapshot.index, context.replace));
  if (context.preceding[context.preceding.length - 1]?.tokenType.name === "Dot") {
    if (symbols) memberItems(context, symbols, items);
    return items.list();
  }
  for (const expected of context.expected) {
    const rule = expected.ruleStack[expected.ruleStack.length - 1] ?? "";
    const inRule = expected.ruleStack.includes("ruleDecl");
    if (expected.token.startsWith("Kw_")) keywordItems(expected.token.slice(3), rule, inRule, context, symbols, items);
    else if (latest) names(expected.token, rule, inRule, context, latest, items);
  }
  return items.list();
}

/** The names a token of the grammar stands for in a grammar rule, after the keyword before the cursor. */
function names(token: string, rule: string, inRule: boolean, context: CompletionContext, latest: Analysis, items: Items): void {
  const symbols = latest.checked.symbols;
  const previous = context.preceding[context.preceding.length - 1]?.tokenType.name;
  if (token === "Identifier") {
    if (rule === "target" || rule === "sumCall" || rule === "testCall") toolItems(symbols, items);
    else if (rule === "testStatement" && previous === "Kw_by") ruleItems(latest, items);
    else if (rule === "path" || rule === "call") expressionItems(context, symbols, latest.text, inRule, rule, items);
    else if (rule === "typeExpr") typeItems(symbols, items);
  } else if (token === "AnyName") {
    if (rule === "target" && previous === "Kw_tagged") tagItems(symbols, items);
    else if (rule === "testStatement" && previous === "Kw_expect") effectItems(items);
    else if (rule === "objectEntry") entryKeyItems(context, symbols, items);
    else if (rule === "toolClause" && previous === "Kw_returns") labelItems(symbols, items);
    else if (rule === "nameList") (previous === "Kw_tags" || inTagsClause(context) ? tagItems(symbols, items) : labelItems(symbols, items));
  } else if (token === "Duration" && rule === "window") windowItems(items);
}

/** Whether the word being typed is in a tool's `tags` clause (else a name list holds labels). */
function inTagsClause(context: CompletionContext): boolean {
  return context.checked !== undefined && pathTo(context.checked.ast, context.at).some((n) => "kind" in n && n.kind === "tags");
}
