// The status bar item: the active policy's name (from the language server's outline), and whether it checks clean (from the diagnostics VS Code holds for it).
import * as vscode from "vscode";

/** Creates the item and keeps it current; dispose the result to remove it. */
export function policyStatus(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem("apol.policy", vscode.StatusBarAlignment.Left, 10);
  item.name = "apol policy";
  item.command = "workbench.actions.view.problems";
  const update = async (): Promise<void> => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== "apol") {
      item.hide();
      return;
    }
    // The server's outline names the policy: the extension host never parses a policy itself (a large one would block it).
    const outline = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>("vscode.executeDocumentSymbolProvider", document.uri);
    if (vscode.window.activeTextEditor?.document !== document) return;
    const name = outline?.find((s) => s.kind === vscode.SymbolKind.Module)?.name || "(no policy header)";
    const diagnostics = vscode.languages.getDiagnostics(document.uri);
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const problems = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter((p) => p !== "");
    item.text = `${errors > 0 ? "$(error)" : warnings > 0 ? "$(warning)" : "$(check)"} policy ${name}${problems.length > 0 ? `: ${problems.join(", ")}` : ""}`;
    item.tooltip = problems.length > 0 ? `apol: policy \`${name}\` has ${problems.join(" and ")}` : `apol: policy \`${name}\` checks clean`;
    item.show();
  };
  void update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (event.uris.some((uri) => uri.toString() === active)) void update();
    }),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
