// Completions after a `.`: the members the compiler's `membersAt` accepts there, described for the editor.
import { membersAt, typeToString, type Member, type Symbols } from "@apol/compiler";
import { CompletionItemKind } from "vscode-languageserver";
import { describeArgument, describeBuiltinField, describeShapeField } from "../describe.js";
import type { CompletionContext } from "./context.js";
import type { Items } from "./items.js";

/** `args.`, `user.`, `it.args.`, `now.`, `sum(tool.`, `output.`, `x.` (a quantifier variable), and deeper records; in `has(`, only what may be absent. */
export function memberItems(context: CompletionContext, symbols: Symbols, items: Items): void {
  const members = context.checked ? membersAt(context.checked, context.at) : undefined;
  const onlyOptional = inHas(context);
  for (const member of members ?? [])
    if (!onlyOptional || optional(member, symbols)) items.add(member.name, CompletionItemKind.Field, describe(member, symbols));
}

/** Whether the path being typed is the argument of `has(`: checking a field that is always there is an error. */
function inHas(context: CompletionContext): boolean {
  const tokens = context.preceding;
  let i = tokens.length - 1;
  while (i >= 1 && tokens[i]?.tokenType.name === "Dot") i -= 2;
  return tokens[i]?.tokenType.name === "LParen" && tokens[i - 1]?.image === "has";
}

/** Whether a member may be absent: an optional argument of every targeted tool, or an optional field. */
function optional(member: Member, symbols: Symbols): boolean {
  switch (member.kind) {
    case "argument":
      return member.tools.every((tool) => tool.params.get(member.name)?.optional === true);
    case "shape-field":
      return symbols.shapes.get(member.shape)?.fields.get(member.name)?.optional === true;
    case "field":
      return member.optional;
    default:
      return false;
  }
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
