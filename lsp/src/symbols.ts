// Document symbols (the outline: policy, enums, shapes, tools, consts, rules, tests) and workspace symbols.
import { typeToString, type Ast, type Span } from "@apol/compiler";
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from "vscode-languageserver";
import { ownDeclarations, type Analysis } from "./analysis.js";
import { PerDeclaration } from "./per-declaration.js";
import { toRange } from "./positions.js";

/** The outline of one document, one entry per declaration (a test file's own, not its policy's), with members, fields and arguments below. */
export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  return ownDeclarations(analysis).map((decl) => symbolOf(analysis, decl));
}

/** A const's entry shows its type, which may come from other declarations (an enum's members): the others' come from their own text. */
const kept = new PerDeclaration(declarationSymbol, shiftSymbol);

function symbolOf(analysis: Analysis, decl: Ast.Declaration): DocumentSymbol {
  return decl.kind === "ConstDecl" ? declarationSymbol(analysis, decl) : kept.get(analysis, decl);
}

/** An outline entry `lines` lines further down. */
function shiftSymbol(symbol: DocumentSymbol, lines: number): DocumentSymbol {
  const range = (r: DocumentSymbol["range"]) => ({
    start: { line: r.start.line + lines, character: r.start.character },
    end: { line: r.end.line + lines, character: r.end.character },
  });
  return {
    ...symbol,
    range: range(symbol.range),
    selectionRange: range(symbol.selectionRange),
    ...(symbol.children ? { children: symbol.children.map((c) => shiftSymbol(c, lines)) } : {}),
  };
}

/** The declarations of every document (each its own) whose name matches `query` (case-insensitive, letters in order). */
export function workspaceSymbols(analyses: readonly Analysis[], query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const analysis of analyses) {
    const container = analysis.checked.symbols.policyName;
    for (const decl of ownDeclarations(analysis)) {
      const symbol = symbolOf(analysis, decl);
      if (!matches(symbol.name, query)) continue;
      out.push({
        name: symbol.name,
        kind: symbol.kind,
        location: { uri: analysis.uri, range: symbol.selectionRange },
        ...(container ? { containerName: container } : {}),
      });
    }
  }
  return out;
}

function matches(name: string, query: string): boolean {
  const lower = name.toLowerCase();
  let at = 0;
  for (const ch of query.toLowerCase()) {
    at = lower.indexOf(ch, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

function declarationSymbol(analysis: Analysis, decl: Ast.Declaration): DocumentSymbol {
  const text = (span: Span): string => analysis.text.slice(span.start, span.end).replace(/\s+/g, " ");
  const make = (name: string, kind: SymbolKind, span: Span, nameSpan: Span, detail: string, children: DocumentSymbol[] = []): DocumentSymbol => {
    const range = toRange(analysis.index, span);
    const inside = nameSpan.start >= span.start && nameSpan.end <= span.end;
    return {
      // Editors reject empty names; a declaration whose name the parser could not find still gets an entry.
      name: name === "" ? "(unnamed)" : name,
      kind,
      range,
      selectionRange: inside ? toRange(analysis.index, nameSpan) : { start: range.start, end: range.start },
      ...(detail ? { detail } : {}),
      ...(children.length > 0 ? { children } : {}),
    };
  };
  const field = (f: Ast.Field): DocumentSymbol => make(f.name.text, SymbolKind.Field, f.span, f.name.span, `${f.optional ? "?" : ""}${text(f.type.span)}`);
  switch (decl.kind) {
    case "PolicyHeader":
      return make(decl.name.text, SymbolKind.Module, decl.span, decl.name.span, decl.timezone ? `timezone ${decl.timezone.raw}` : "policy");
    case "EnumDecl":
      return make(
        decl.name.text,
        SymbolKind.Enum,
        decl.span,
        decl.name.span,
        "enum",
        decl.members.map((m) => make(m.text, SymbolKind.EnumMember, m.span, m.span, decl.name.text)),
      );
    case "ShapeDecl":
      return make(decl.shape, SymbolKind.Struct, decl.span, decl.keywordSpan, "shape", decl.fields.map(field));
    case "ToolDecl":
      return make(
        decl.name.text,
        SymbolKind.Function,
        decl.span,
        decl.name.span,
        `(${decl.params.map((p) => `${p.name.text}${p.optional ? "?" : ""}: ${text(p.type.span)}`).join(", ")})`,
        decl.params.map(field),
      );
    case "ConstDecl": {
      const symbol = analysis.checked.symbols.consts.get(decl.name.text);
      return make(decl.name.text, SymbolKind.Constant, decl.span, decl.name.span, symbol?.decl === decl ? typeToString(symbol.type) : "const");
    }
    case "PredicateDecl":
      return make(
        decl.name.text,
        SymbolKind.Function,
        decl.span,
        decl.name.span,
        `(${decl.params.map((p) => `${p.name.text}: ${text(p.type.span)}`).join(", ")}) -> bool`,
      );
    case "RuleDecl":
      return make(decl.name.text, SymbolKind.Event, decl.span, decl.name.span, decl.effect ? text(decl.effect.span) : "rule");
    case "TestDecl":
      return make(decl.title.value, SymbolKind.Method, decl.span, decl.title.span, expectsOf(decl));
  }
}

/** "expects allow, deny": the effects a test's `expect` lines name, in order. */
export function expectsOf(test: Ast.TestDecl): string {
  const effects = test.statements.flatMap((s) => (s.kind === "expect" && s.effect.text !== "" ? [s.effect.text] : []));
  return effects.length > 0 ? `expects ${effects.join(", ")}` : "expects nothing";
}
