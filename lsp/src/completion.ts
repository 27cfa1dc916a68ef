// Completion: finds what the cursor is in and hands it to the builder for that context; the compiler answers what fits there.
import { approveWord, keywordSpecs, pathTo, uncheckedWord } from "@apol/compiler";
import { CompletionItemKind, type CompletionItem, type Position } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { completionContext, type CompletionContext } from "./completion/context.js";
import { durationItems, labelItems, ruleItems, tagItems, toolItems, typeItems, typeTestItems } from "./completion/declared.js";
import { expressionItems } from "./completion/expressions.js";
import { Items } from "./completion/items.js";
import { keywordItems } from "./completion/keywords.js";
import { declarationItems } from "./completion/snippets.js";
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
  const effectWritten = hasEffect(context);
  for (const expected of context.expected) {
    const rule = expected.ruleStack[expected.ruleStack.length - 1] ?? "";
    // A predicate's body is a condition like a rule's, but no tool is known there, so `args` is not offered.
    const inPredicate = expected.ruleStack.includes("predicateDecl");
    const inRule = expected.ruleStack.includes("ruleDecl") || inPredicate;
    if (expected.token.startsWith("Kw_")) {
      const word = expected.token.slice(3);
      if (inPredicate && word === "args") continue;
      if (expected.ruleStack.length === 3 && expected.ruleStack[1] === "declaration")
        declarationItems(word, latest !== undefined && hasHeader(latest, context), items);
      else if (!(effectWritten && effects.has(word))) keywordItems(word, rule, inRule, context, symbols, items);
    } else if (expected.token === "Identifier" && rule === "testStatement" && context.preceding[context.preceding.length - 1]?.tokenType.name !== "Kw_by") {
      // A name where a test statement starts is `approve`'s (after `expect EFFECT by` it is a rule's).
      items.add(approveWord, CompletionItemKind.Keyword, "approve the latest call held for review, as the named people");
    } else if (expected.token === "Identifier" && rule === "testCall" && context.preceding[context.preceding.length - 1]?.tokenType.name === "RParen") {
      // A name after a test call's `)` is `unchecked`'s, never a tool's; but a `history` call, already allowed, cannot be unchecked.
      if (!inHistory(context)) items.add(uncheckedWord, CompletionItemKind.Keyword, "send the arguments as written, unchecked, to test `$invalid-request`");
    } else if (latest) names(expected.token, rule, inRule, context, latest, items);
  }
  return items.list();
}

/** Whether the cursor is inside a test's `history` block: the innermost `{` still open before it is a history block's. */
function inHistory(context: CompletionContext): boolean {
  const tokens = context.preceding;
  for (let i = tokens.length - 1, depth = 0; i >= 0; i--) {
    const name = (tokens[i] as CompletionContext["preceding"][number]).tokenType.name;
    if (name === "RBrace") depth++;
    else if (name === "LBrace" && depth-- === 0) return tokens[i - 1]?.tokenType.name === "Kw_history";
  }
  return false;
}

const effects: ReadonlySet<string> = new Set(keywordSpecs.filter((k) => k.role === "effect").map((k) => k.word));

/** Whether the rule being written already has its effect line: a second one is an error. */
function hasEffect(context: CompletionContext): boolean {
  for (let i = context.preceding.length - 1; i >= 0; i--) {
    const token = context.preceding[i] as CompletionContext["preceding"][number];
    if (token.tokenType.name === "Kw_rule") return false;
    if (effects.has(token.image) && token.tokenType.name === `Kw_${token.image}`) return true;
  }
  return false;
}

/** Whether the document has a `policy` header other than one being typed at the cursor. */
function hasHeader(latest: Analysis, context: CompletionContext): boolean {
  return latest.ast.headers.some((h) => h.span.end < context.replace.start || h.span.start > context.replace.end);
}

/** The names a token of the grammar stands for in a grammar rule, after the keyword before the cursor. */
function names(token: string, rule: string, inRule: boolean, context: CompletionContext, latest: Analysis, items: Items): void {
  const symbols = latest.checked.symbols;
  const previous = context.preceding[context.preceding.length - 1]?.tokenType.name;
  if (token === "Identifier") {
    if (rule === "target" || rule === "sumCall" || rule === "testCall") toolItems(symbols, items);
    else if (rule === "testStatement" && previous === "Kw_by") ruleItems(latest, items, expectedEffect(context));
    else if (rule === "path" || rule === "call") expressionItems(context, symbols, latest.text, inRule, rule, items);
    else if (rule === "listTypeExpr") {
      // After `is`, the forms the tested value's union type has come first: they are what a test tells apart.
      if (previous === "Kw_is") typeTestItems(context, items);
      typeItems(symbols, items);
    }
  } else if (token === "AnyName") {
    if (rule === "target" && previous === "Kw_tagged") tagItems(symbols, items);
    else if (rule === "testStatement" && previous === "Kw_expect") effectItems(items);
    else if (rule === "objectEntry") entryKeyItems(context, symbols, items);
    else if (rule === "toolClause" && previous === "Kw_returns") labelItems(symbols, items);
    else if (rule === "nameList") {
      if (previous === "Kw_tags" || inTagsClause(context)) tagItems(symbols, items);
      else labelItems(symbols, items);
    }
  } else if (token === "Duration" && (rule === "window" || previous === "Kw_expires"))
    durationItems(items, rule === "window" ? "window" : "how long a review waits");
  else if (token === "Star" && rule === "target") items.add("*", CompletionItemKind.Keyword, "every tool");
}

/** The effect a test expects before `by` (`expect allow by`), whose rules alone can be the deciding one. */
function expectedEffect(context: CompletionContext): string | undefined {
  const tokens = context.preceding;
  return tokens[tokens.length - 3]?.tokenType.name === "Kw_expect" ? tokens[tokens.length - 2]?.image : undefined;
}

/** Whether the word being typed is in a tool's `tags` clause (else a name list holds labels). */
function inTagsClause(context: CompletionContext): boolean {
  return context.checked !== undefined && pathTo(context.checked.ast, context.at).some((n) => "kind" in n && n.kind === "tags");
}
