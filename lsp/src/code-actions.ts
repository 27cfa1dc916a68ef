// Code actions: each diagnostic's and lint finding's compiler fix as a quick fix, and "declare the tool" for an unknown tool.
import type { Ast, Diagnostic as CompilerDiagnostic } from "@apol/compiler";
import { CodeActionKind, type CodeAction, type Range } from "vscode-languageserver";
import { compilerDiagnostics, type Analysis } from "./analysis.js";
import { lspDiagnostic } from "./diagnostics.js";
import { overlaps, toRange, toSpan } from "./positions.js";

/** The quick fixes for the diagnostics and lint findings that overlap `range`. */
export function codeActions(analysis: Analysis, range: Range): CodeAction[] {
  const span = toSpan(analysis.index, range);
  const out: CodeAction[] = [];
  for (const d of compilerDiagnostics(analysis)) {
    if (!overlaps(d.span, span)) continue;
    if (d.fix) {
      out.push({
        title: d.fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [lspDiagnostic(analysis, d)],
        isPreferred: true,
        edit: { changes: { [analysis.uri]: d.fix.edits.map((e) => ({ range: toRange(analysis.index, e.span), newText: e.newText })) } },
      });
    }
    if (d.code === "apol/unknown-tool") {
      const action = declareTool(analysis, d);
      if (action) out.push(action);
    }
  }
  return out;
}

/** Adds `tool NAME()` after the last tool declaration, or after the last declaration before the first rule or test. */
function declareTool(analysis: Analysis, d: CompilerDiagnostic): CodeAction | undefined {
  const name = analysis.text.slice(d.span.start, d.span.end);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const at = insertionPoint(analysis.ast.declarations);
  const newText = at === 0 ? `tool ${name}()\n\n` : `\ntool ${name}()`;
  return {
    title: `declare the tool \`${name}\``,
    kind: CodeActionKind.QuickFix,
    diagnostics: [lspDiagnostic(analysis, d)],
    edit: { changes: { [analysis.uri]: [{ range: toRange(analysis.index, { start: at, end: at }), newText }] } },
  };
}

function insertionPoint(declarations: readonly Ast.Declaration[]): number {
  const tools = declarations.filter((decl) => decl.kind === "ToolDecl");
  const lastTool = tools[tools.length - 1];
  if (lastTool) return lastTool.span.end;
  const firstBody = declarations.findIndex((decl) => decl.kind === "RuleDecl" || decl.kind === "TestDecl");
  const before = firstBody === -1 ? declarations[declarations.length - 1] : declarations[firstBody - 1];
  return before ? before.span.end : 0;
}
