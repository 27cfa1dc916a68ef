// Code actions: each diagnostic's and lint finding's compiler fix as a quick fix, and "declare the tool" for an unknown tool.
import type { Ast, Diagnostic as CompilerDiagnostic, TextEdit as CompilerEdit } from "@apol/compiler";
import { CodeActionKind, type CodeAction, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { compilerDiagnostics, type Analysis } from "./analysis.js";
import { lspDiagnostic } from "./diagnostics.js";
import { overlaps, toLocation, toSpan } from "./positions.js";

/** The quick fixes for the diagnostics and lint findings that overlap `range` (in a test file, in its own text; a fix may edit its policy). */
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
        edit: workspaceEdit(analysis, d.fix.edits),
      });
    }
    if (d.code === "apol/unknown-tool") {
      const action = declareTool(analysis, d);
      if (action) out.push(action);
    }
  }
  return out;
}

/** Adds `tool NAME()` after the last tool declaration, or after the last declaration before the first rule or test (in a test file's policy, when it is there). */
function declareTool(analysis: Analysis, d: CompilerDiagnostic): CodeAction | undefined {
  const name = analysis.text.slice(d.span.start, d.span.end);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const at = insertionPoint(analysis.ast.declarations);
  const newText = at === 0 ? `tool ${name}()\n\n` : `\ntool ${name}()`;
  return {
    title: `declare the tool \`${name}\``,
    kind: CodeActionKind.QuickFix,
    diagnostics: [lspDiagnostic(analysis, d)],
    edit: workspaceEdit(analysis, [{ span: { start: at, end: at }, newText }]),
  };
}

/** The compiler's edits of the analyzed text, each in the document it falls in. */
function workspaceEdit(analysis: Analysis, edits: readonly CompilerEdit[]): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of edits) {
    const location = toLocation(analysis, edit.span);
    (changes[location.uri] ??= []).push({ range: location.range, newText: edit.newText });
  }
  return { changes };
}

function insertionPoint(declarations: readonly Ast.Declaration[]): number {
  const tools = declarations.filter((decl) => decl.kind === "ToolDecl");
  const lastTool = tools[tools.length - 1];
  if (lastTool) return lastTool.span.end;
  const firstBody = declarations.findIndex((decl) => decl.kind === "RuleDecl" || decl.kind === "TestDecl");
  const before = firstBody === -1 ? declarations[declarations.length - 1] : declarations[firstBody - 1];
  return before ? before.span.end : 0;
}
