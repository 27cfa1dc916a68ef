// `apol: Compile current policy`: writes the active policy's NAME.js and NAME.d.ts, or lists its errors in the Problems panel.
import { runPipeline } from "@apol/compiler";
import { basename } from "node:path";
import * as vscode from "vscode";
import { compileTarget } from "./compile-target.js";
import { notYetShown, toVscodeDiagnostic } from "./problems.js";

/** Compiles the active editor's text (saved or not) with the bundled compiler. */
export async function compileCurrentPolicy(problems: vscode.DiagnosticCollection, log: vscode.OutputChannel): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== "apol") {
    void vscode.window.showWarningMessage("apol: open a policy (.apol file) to compile it");
    return;
  }
  if (document.uri.scheme !== "file") {
    void vscode.window.showWarningMessage("apol: save the policy first; its module is written beside it");
    return;
  }
  const file = vscode.workspace.asRelativePath(document.uri, false);
  const result = runPipeline(document.getText(), file);
  const emitted = result.outputs.emit;
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !emitted) {
    problems.set(document.uri, notYetShown(errors.map((d) => toVscodeDiagnostic(d, document)), document.uri, problems));
    log.appendLine(`${file}: ${errors.length === 1 ? "1 error" : `${errors.length} errors`}; nothing was written`);
    void vscode.commands.executeCommand("workbench.actions.view.problems");
    void vscode.window.showErrorMessage(`apol: ${basename(file)} has ${errors.length === 1 ? "an error" : `${errors.length} errors`}; see the Problems panel`);
    return;
  }
  problems.delete(document.uri);
  const root = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
  const outDir = vscode.workspace.getConfiguration("apol", document.uri).get<string>("compile.outDir", "");
  const target = compileTarget(document.uri.fsPath, outDir, root);
  try {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(target.dir));
    await vscode.workspace.fs.writeFile(vscode.Uri.file(target.js), Buffer.from(emitted.js, "utf8"));
    await vscode.workspace.fs.writeFile(vscode.Uri.file(target.dts), Buffer.from(emitted.dts, "utf8"));
  } catch (error) {
    log.appendLine(`${file}: cannot write the module: ${String(error)}`);
    void vscode.window.showErrorMessage(`apol: cannot write ${target.js}: ${String(error)}`);
    return;
  }
  const js = vscode.workspace.asRelativePath(target.js, false);
  const dts = vscode.workspace.asRelativePath(target.dts, false);
  log.appendLine(`${file}: wrote ${js} and ${dts}`);
  void vscode.window.showInformationMessage(`apol: compiled ${basename(file)} to ${js} and ${dts}`);
}
