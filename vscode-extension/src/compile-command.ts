// `apol: Compile current policy`: writes the active policy's NAME.js and NAME.d.ts, which the language server compiles from the editor's text.
import { basename } from "node:path";
import * as vscode from "vscode";
import { compileTarget } from "./compile-target.js";

/** The language server's answer to `apol.compile.module` (its `CompiledModule`), or `null` when it does not have the document. */
type Compiled = { js: string; dts: string } | { errors: number } | { problem: string } | null;

/** Compiles the active editor's text (saved or not) through the language server, so the module is the one its diagnostics describe. */
export async function compileCurrentPolicy(log: vscode.OutputChannel): Promise<void> {
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
  const compiled = await vscode.commands.executeCommand<Compiled>("apol.compile.module", document.uri.toString());
  if (compiled === null || compiled === undefined || "problem" in compiled) {
    const why = compiled ? compiled.problem : "the language server could not compile it: see its output";
    log.appendLine(`${file}: ${why}`);
    void vscode.window.showErrorMessage(`apol: ${basename(file)}: ${why}`);
    return;
  }
  if ("errors" in compiled) {
    // The language server shows the same errors in the Problems panel.
    const errors = compiled.errors === 1 ? "an error" : `${compiled.errors} errors`;
    log.appendLine(`${file}: ${compiled.errors === 1 ? "1 error" : `${compiled.errors} errors`}; nothing was written`);
    void vscode.commands.executeCommand("workbench.actions.view.problems");
    void vscode.window.showErrorMessage(`apol: ${basename(file)} has ${errors}; see the Problems panel`);
    return;
  }
  const root = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
  const outDir = vscode.workspace.getConfiguration("apol", document.uri).get<string>("compile.outDir", "");
  const target = compileTarget(document.uri.fsPath, outDir, root);
  try {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(target.dir));
    await vscode.workspace.fs.writeFile(vscode.Uri.file(target.js), Buffer.from(compiled.js, "utf8"));
    await vscode.workspace.fs.writeFile(vscode.Uri.file(target.dts), Buffer.from(compiled.dts, "utf8"));
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
