// Compiler diagnostics as VS Code diagnostics, for the compile command's entries in the Problems panel.
import type { Diagnostic } from "@apol/compiler";
import * as vscode from "vscode";

/** Converts a compiler diagnostic; spans are UTF-16 offsets, as VS Code's positions are. */
export function toVscodeDiagnostic(d: Diagnostic, document: vscode.TextDocument): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(d.span.start), document.positionAt(d.span.end));
  const message = d.help === undefined ? d.message : `${d.message}\nhelp: ${d.help}`;
  const severity = d.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const result = new vscode.Diagnostic(range, message, severity);
  result.source = "apol";
  result.code = d.code;
  result.relatedInformation = (d.related ?? []).map(
    (r) =>
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(document.uri, new vscode.Range(document.positionAt(r.span.start), document.positionAt(r.span.end))),
        r.message,
      ),
  );
  return result;
}

/** The diagnostics of `candidates` that no other source already shows for the document (the language server shows the same errors). */
export function notYetShown(candidates: readonly vscode.Diagnostic[], uri: vscode.Uri, own: vscode.DiagnosticCollection): vscode.Diagnostic[] {
  const ownNow = new Set(own.get(uri) ?? []);
  const shown = vscode.languages.getDiagnostics(uri).filter((d) => !ownNow.has(d));
  const key = (d: vscode.Diagnostic): string => `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.message.split("\n")[0]}`;
  const seen = new Set(shown.map(key));
  return candidates.filter((d) => !seen.has(key(d)));
}
