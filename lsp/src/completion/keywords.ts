// Completions of keywords the grammar allows at the cursor: path roots only where they mean something, built-in forms only in rules.
import { scopeAt, shapeKinds, specialForms, type Ast, type Symbols } from "@apol/compiler";
import { CompletionItemKind } from "vscode-languageserver";
import { describeBuiltin, describeRoot } from "../describe.js";
import type { CompletionContext } from "./context.js";
import type { Items } from "./items.js";

const shapes: ReadonlySet<string> = new Set(shapeKinds);

export function keywordItems(word: string, rule: string, inRule: boolean, context: CompletionContext, symbols: Symbols | undefined, items: Items): void {
  if (rule === "path") {
    if (!inRule) return;
    if (shapes.has(word)) {
      // A shape is a root only once declared.
      const shape = symbols?.shapes.get(word as Ast.ShapeKind);
      if (shape) items.add(word, CompletionItemKind.Variable, describeRoot(word, shape.type));
    } else if (word !== "it" || inWhere(context)) items.add(word, CompletionItemKind.Variable, describeRoot(word));
    return;
  }
  const form = specialForms.get(word);
  if (form && (rule === "historyCall" || rule === "sumCall" || rule === "quantifier")) {
    if (inRule) items.add(word, CompletionItemKind.Function, describeBuiltin(word), { snippet: form.snippet });
    return;
  }
  if (word === "output" && rule === "testStatement") {
    items.add(word, CompletionItemKind.Keyword, "expect what the model reads of the call's output, after `redact` rules");
    return;
  }
  if (word === "session" && rule === "window") {
    items.add(word, CompletionItemKind.Unit, "the whole session");
    return;
  }
  items.add(word, CompletionItemKind.Keyword, "keyword");
}

/** Whether the word being typed is in a history function's `where`, where `it` is defined. */
function inWhere(context: CompletionContext): boolean {
  return context.checked !== undefined && scopeAt(context.checked, context.at).it !== undefined;
}
