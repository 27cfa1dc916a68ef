// Completions of names in an expression: what the compiler expects there first (a label, an enum's symbols), else everything in scope.
import { builtinFunctions, enumMembers, expectedTypeAt, labelExpectedAt, scopeAt, typeToString, type Symbols } from "@apol/compiler";
import { CompletionItemKind } from "vscode-languageserver";
import { describeBuiltin, describeConst, describeMember, describeParameter, describePredicate, describeVariable } from "../describe.js";
import type { CompletionContext } from "./context.js";
import { labelItems } from "./declared.js";
import type { Items } from "./items.js";

/** Enum symbols the other operand expects first, then consts, variables, parameters and (in a condition's call position) functions and predicates. */
export function expressionItems(context: CompletionContext, symbols: Symbols, text: string, inRule: boolean, rule: string, items: Items): void {
  const checked = context.checked;
  if (checked && labelExpectedAt(checked, context.at)) {
    items.only(() => labelItems(symbols, items));
    return;
  }
  const expected = checked ? expectedTypeAt(checked, context.at) : undefined;
  if (expected?.kind === "enum") {
    // Where an enum is expected, its symbols (and consts holding one) are the only names that type-check.
    const members = enumMembers(expected.name, symbols);
    items.only(() => {
      for (const member of members)
        items.add(member, CompletionItemKind.EnumMember, describeMember(expected.name, member, symbols.enums.get(expected.name)?.decl.doc), { first: true });
      for (const c of symbols.consts.values())
        if (c.type.kind === "enum" && c.type.name === expected.name) items.add(c.name, CompletionItemKind.Constant, describeConst(c, text));
    });
    return;
  }
  if (expected?.kind === "list") {
    // After `in` or `approvals N of`, only a list of the right type checks: consts holding one (a literal list is typed, not completed).
    items.only(() => {
      for (const c of symbols.consts.values())
        if (typeToString(c.type) === typeToString(expected)) items.add(c.name, CompletionItemKind.Constant, describeConst(c, text));
    });
    return;
  }
  if (!inRule) {
    for (const e of symbols.enums.values())
      for (const member of e.members) items.add(member, CompletionItemKind.EnumMember, describeMember(e.name, member, e.decl.doc));
  }
  for (const c of symbols.consts.values()) items.add(c.name, CompletionItemKind.Constant, describeConst(c, text));
  const scope = checked ? scopeAt(checked, context.at) : undefined;
  for (const [name, type] of scope?.variables ?? []) items.add(name, CompletionItemKind.Variable, describeVariable(name, type));
  const owner = scope?.predicate === undefined ? undefined : symbols.predicates.get(scope.predicate);
  if (owner) for (const name of scope?.params.keys() ?? []) items.add(name, CompletionItemKind.Variable, describeParameter(owner, name), { first: true });
  if (inRule && rule === "call") {
    for (const fn of builtinFunctions.values()) items.add(fn.name, CompletionItemKind.Function, describeBuiltin(fn.name), { snippet: fn.snippet });
    for (const p of symbols.predicates.values()) {
      if (p.name === scope?.predicate) continue;
      const stops = p.params.map((param, i) => `\${${i + 1}:${param.name}}`).join(", ");
      items.add(p.name, CompletionItemKind.Function, describePredicate(p), { snippet: `${p.name}(${stops})`, first: true });
    }
  }
}
