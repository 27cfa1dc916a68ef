// Completions inside a test: the keys of a `call TOOL(` or `user {` value, and the effects a test may expect.
import { keywordSpecs, shapeKinds, type Ast, type Symbols } from "@apol/compiler";
import { CompletionItemKind } from "vscode-languageserver";
import { describeArgument, describeShapeField } from "../describe.js";
import type { CompletionContext } from "./context.js";
import type { Items } from "./items.js";

/** A decision is `allow`, `deny` or `review`; `redact` only rewrites an allowed call's output, so a test cannot expect it. */
const testEffects = keywordSpecs.filter((k) => k.role === "effect" && k.word !== "redact").map((k) => k.word);
const shapes: ReadonlySet<string> = new Set(shapeKinds);

export function effectItems(items: Items): void {
  for (const effect of testEffects) items.add(effect, CompletionItemKind.Keyword, "effect");
}

/** Keys of a test value: the arguments of `call TOOL(`, or the fields of `user {`, found from the bracket that opens the value. */
export function entryKeyItems(context: CompletionContext, symbols: Symbols, items: Items): void {
  const tokens = context.preceding;
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const name = (tokens[i] as (typeof tokens)[number]).tokenType.name;
    if (name === "RParen" || name === "RBrace" || name === "RBracket") depth++;
    else if (name === "LParen" || name === "LBrace" || name === "LBracket") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const owner = tokens[i - 1]?.image ?? "";
      if (name === "LParen") {
        const tool = symbols.tools.get(owner);
        if (tool)
          for (const param of tool.params.values())
            items.add(param.name, CompletionItemKind.Field, describeArgument([tool], param.name), { insert: `${param.name}: ` });
      } else if (name === "LBrace" && shapes.has(owner)) {
        const shape = symbols.shapes.get(owner as Ast.ShapeKind);
        for (const field of shape?.fields.values() ?? [])
          items.add(field.name, CompletionItemKind.Field, describeShapeField(symbols, owner as Ast.ShapeKind, [field.name]), { insert: `${field.name}: ` });
      }
      return;
    }
  }
}
