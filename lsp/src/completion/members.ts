// Completions after a `.`: the members the compiler's `membersAt` accepts there, described for the editor.
import { membersAt, typeToString, type Member, type Symbols } from "@apol/compiler";
import { CompletionItemKind } from "vscode-languageserver";
import { describeArgument, describeBuiltinField, describeShapeField } from "../describe.js";
import type { CompletionContext } from "./context.js";
import type { Items } from "./items.js";

/** `args.`, `user.`, `it.args.`, `now.`, `sum(tool.`, `output.`, `x.` (a quantifier variable), and deeper records. */
export function memberItems(context: CompletionContext, symbols: Symbols, items: Items): void {
  const members = context.checked ? membersAt(context.checked, context.at) : undefined;
  for (const member of members ?? []) items.add(member.name, CompletionItemKind.Field, describe(member, symbols));
}

function describe(member: Member, symbols: Symbols): ReturnType<typeof describeArgument> | string {
  switch (member.kind) {
    case "argument":
      return describeArgument(member.tools, member.name);
    case "shape-field":
      return describeShapeField(symbols, member.shape, [member.name]);
    case "field":
      return `${typeToString(member.type)}${member.optional ? " (optional)" : ""}`;
    case "builtin-field":
      return describeBuiltinField(member.of, member.name);
    case "it-field":
      return member.doc;
  }
}
