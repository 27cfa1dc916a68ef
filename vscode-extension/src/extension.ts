// The apol extension: starts the bundled language server and adds the compile, test and restart commands and a status item.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from "vscode-languageclient/node";
import { discardCancelledPulls } from "./cancelled-pulls.js";
import { compileCurrentPolicy } from "./compile-command.js";
import { policyStatus } from "./status.js";

let client: LanguageClient | undefined;

/** Called by VS Code when an apol file opens or an apol command runs. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverLog = vscode.window.createOutputChannel("apol language server");
  const log = vscode.window.createOutputChannel("apol");
  const start = async (): Promise<void> => {
    client = newClient(context.asAbsolutePath("dist/server.js"), serverLog);
    await client.start();
  };
  // The server reads its options at start, so changing them restarts it.
  const restart = async (): Promise<void> => {
    // A server that failed to start cannot be stopped; starting afresh is what is wanted anyway.
    await client?.stop().catch(() => undefined);
    await start();
    serverLog.appendLine("apol: the language server was restarted");
  };
  context.subscriptions.push(
    serverLog,
    log,
    policyStatus(),
    vscode.commands.registerCommand("apol.compile", () => compileCurrentPolicy(log)),
    vscode.commands.registerCommand("apol.runTests", () => runTestsInFile(log)),
    vscode.commands.registerCommand("apol.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("apol.diagnostics")) void restart();
    }),
  );
  await start();
}

/** Called by VS Code on shutdown: stops the server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** A client for the bundled server (`node dist/server.js --stdio`), with the server's options from the `apol.*` settings. */
function newClient(server: string, serverLog: vscode.OutputChannel): LanguageClient {
  const debounceMs = vscode.workspace.getConfiguration("apol").get<number>("diagnostics.debounceMs", 50);
  const args = [`--debounce-ms=${debounceMs}`];
  const serverOptions: ServerOptions = {
    run: { module: server, transport: TransportKind.stdio, args },
    debug: { module: server, transport: TransportKind.stdio, args, options: { execArgv: ["--nolazy", "--inspect=6011"] } },
  };
  const provideDiagnostics: NonNullable<Middleware["provideDiagnostics"]> = discardCancelledPulls(() => new vscode.CancellationError());
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "apol" },
      { scheme: "untitled", language: "apol" },
    ],
    outputChannel: serverLog,
    middleware: { provideDiagnostics },
  };
  // The id `apol` makes the client read `apol.trace.server`.
  return new LanguageClient("apol", "apol language server", serverOptions, clientOptions);
}

/** Has the language server check the active policy (`apol.check.report`) and, when it has no errors, run its tests (`apol.test.run`, also behind the code lenses). */
async function runTestsInFile(log: vscode.OutputChannel): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== "apol") {
    void vscode.window.showWarningMessage("apol: open a policy (.apol file) to run its tests");
    return;
  }
  log.clear();
  log.show(true);
  const uri = document.uri.toString();
  const report = await vscode.commands.executeCommand<{ lines: string[]; runnable: boolean } | null>(
    "apol.check.report",
    uri,
    vscode.workspace.asRelativePath(document.uri, false),
  );
  for (const line of report?.lines ?? ["the language server could not check the policy: see its output"]) log.appendLine(line);
  if (!report?.runnable) return;
  const ran = await vscode.commands.executeCommand<{ lines: string[] } | null>("apol.test.run", uri);
  for (const line of ran?.lines ?? ["the language server could not run the tests: see its message"]) log.appendLine(line);
}
