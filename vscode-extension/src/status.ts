// The status bar item: the active policy's name, and whether it checks clean (from the diagnostics VS Code holds for it).
import { parse } from "@apol/compiler";
import * as vscode from "vscode";

/** Creates the item and keeps it current; dispose the result to remove it. */
export function policyStatus(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem("apol.policy", vscode.StatusBarAlignment.Left, 10);
  item.name = "apol policy";
  item.command = "workbench.actions.view.problems";
  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== "apol") {
      item.hide();
      return;
    }
    const name = parse(document.getText()).ast.headers[0]?.name.text || "(no policy header)";
    const diagnostics = vscode.languages.getDiagnostics(document.uri);
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const problems = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter((p) => p !== "");
    item.text = `${errors > 0 ? "$(error)" : warnings > 0 ? "$(warning)" : "$(check)"} policy ${name}${problems.length > 0 ? `: ${problems.join(", ")}` : ""}`;
    item.tooltip = problems.length > 0 ? `apol: policy \`${name}\` has ${problems.join(" and ")}` : `apol: policy \`${name}\` checks clean`;
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (event.uris.some((uri) => uri.toString() === active)) update();
    }),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
