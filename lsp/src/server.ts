// The language server's wiring: capabilities, the document lifecycle, and one handler per feature; no language logic lives here.
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
} from "vscode-languageserver";
import { fileNameOf, type Analysis } from "./analysis.js";
import { codeActions } from "./code-actions.js";
import { codeLenses } from "./code-lens.js";
import { completion } from "./completion.js";
import { definition } from "./definition.js";
import { DocumentStore } from "./documents.js";
import { foldingRanges } from "./folding.js";
import { formatDocument, formatRange, type Formatted } from "./formatting.js";
import { highlights } from "./highlight.js";
import { hover } from "./hover.js";
import { inlayHints } from "./inlay-hints.js";
import { checkReport, checkReportCommand, compileModule, compileModuleCommand, type CheckReport, type CompiledModule } from "./policy-commands.js";
import { DiagnosticsPublisher } from "./publisher.js";
import { references } from "./references.js";
import { refactors } from "./refactors.js";
import { PerText } from "./per-text.js";
import { prepareRename, rename } from "./rename.js";
import { selectionRanges } from "./selection-ranges.js";
import { IncrementalTokens } from "./incremental-tokens.js";
import { legend, SemanticTokensResults } from "./semantic-tokens.js";
import { signatureHelp } from "./signature-help.js";
import { documentSymbols, workspaceSymbols } from "./symbols.js";
import { evaluateCall, evaluateCallCommand, runTarget, runTestsCommand, runTestsOf, type RunReport, type RunSummary } from "./test-runs.js";
import { readFileUri, Workspace } from "./workspace.js";

/** Settings for one server; the defaults suit an editor. */
export interface ServerOptions {
  /** Milliseconds of quiet after a change before a document is re-checked on its own (requests check sooner). */
  readonly debounceMs?: number;
}

/**
 * Short enough that diagnostics follow typing, long enough that a burst of keystrokes costs one
 * check: a check of a 5,000-line policy takes longer than the pause between keys.
 */
export const defaultDebounceMs = 50;

/** The server's name and version, reported to the client. */
export const serverInfo = { name: "apol-lsp", version: "0.1.0" } as const;

/**
 * Serves the apol language on `connection` until it closes. Every handler answers from the
 * compiler's results; an exception in one is logged and answered with an empty result, so
 * no document state can bring the server down.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const workspace = new Workspace();
  const semanticResults = new SemanticTokensResults();
  const semanticTokens = new IncrementalTokens();
  const outlines = new PerText(documentSymbols);
  const folds = new PerText(foldingRanges);
  const debounceMs = options.debounceMs ?? defaultDebounceMs;
  /**
   * Whether the client pulls diagnostics (`textDocument/diagnostic`). It pulls those of the
   * documents it has open, so theirs are not pushed (it would list each twice); a workspace file
   * it does not have open (an analysis of the disk's text, without a version) still has its pushed.
   */
  let pulls = false;
  let refreshes = false;
  const publisher = new DiagnosticsPublisher({
    lintDelayMs: debounceMs,
    pushes: (analysis) => !pulls || analysis.version === null,
    send: (analysis, diagnostics) => {
      void connection.sendDiagnostics({ uri: analysis.uri, ...(analysis.version === null ? {} : { version: analysis.version }), diagnostics });
    },
    isCurrent: (analysis) => store.isCurrent(analysis),
    canRefresh: () => pulls && refreshes,
    refresh: () => void connection.languages.diagnostics.refresh().catch(() => undefined),
  });
  const store = new DocumentStore({
    debounceMs,
    onAnalyzed: (analysis) => publisher.analyzed(analysis),
    onRemoved: (uri) => {
      semanticResults.forget(uri);
      semanticTokens.forget(uri);
      outlines.forget(uri);
      folds.forget(uri);
      publisher.removed(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
    onError: (uri, error) => connection.console.error(`apol-lsp: the compiler failed on ${uri}: ${describeError(error)}`),
    readDisk: readFileUri,
  });

  /** Runs a handler; on an exception, logs it and answers `fallback`. */
  const safely = <T>(name: string, fallback: T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`apol-lsp: ${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
  /**
   * Answers from the analysis of the document's current text, waiting (without blocking other
   * messages) for the debounce to make it. A request that names positions (`positional`) is
   * answered only from the text it was made on: if the text changed meanwhile, the client is told
   * so (`ContentModified`) and asks again; one that does not gets the newest analysis. A
   * cancelled request gets `fallback` without running.
   */
  const withAnalysis = async <T>(
    name: string,
    uri: string,
    fallback: T,
    run: (analysis: Analysis) => T,
    token?: CancellationToken,
    positional = true,
  ): Promise<T> => {
    const asked = store.snapshot(uri)?.version;
    const analysis = await store.whenCurrent(uri);
    if (!analysis || token?.isCancellationRequested) return fallback;
    if (positional && analysis.version !== null && analysis.version !== asked) throw new ResponseError(LSPErrorCodes.ContentModified, "the document changed");
    return safely(name, fallback, () => run(analysis));
  };
  /** The analyses a cross-file feature looks at: the document, what it depends on and what depends on it. */
  const scopeOf = (analysis: Analysis): Analysis[] => {
    const related = new Set([...store.dependencies(analysis.uri), ...store.dependents(analysis.uri)]);
    related.delete(analysis.uri);
    return [analysis, ...[...related].flatMap((uri) => store.analysis(uri) ?? [])];
  };

  let watchFiles = false;
  let folderEvents = false;
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    for (const folder of params.workspaceFolders ?? []) workspace.addFolder(folder.uri);
    if (!params.workspaceFolders && params.rootUri) workspace.addFolder(params.rootUri);
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    pulls = params.capabilities.textDocument?.diagnostic !== undefined;
    refreshes = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    return {
      serverInfo,
      capabilities: {
        positionEncoding: "utf-16",
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ["."] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: [":"] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        semanticTokensProvider: { legend, full: { delta: true }, range: false },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.RefactorExtract] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [runTestsCommand, evaluateCallCommand, checkReportCommand, compileModuleCommand] },
        inlayHintProvider: true,
        // A test file's diagnostics depend on its policy's text: a client pulls again for open files when another changes.
        diagnosticProvider: { identifier: "apol", interFileDependencies: true, workspaceDiagnostics: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.apol" }] }).catch(() => undefined);
    }
    // The library throws on subscribing when the client cannot send folder changes.
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) workspace.removeFolder(folder.uri);
        for (const folder of event.added) workspace.addFolder(folder.uri);
        void indexWorkspace();
      });
    }
    void indexWorkspace();
  });

  /** Indexes every `.apol` file of the workspace that the editor does not have open. */
  const indexWorkspace = async (): Promise<void> => {
    try {
      for (const file of await workspace.files()) store.index(file.uri, file.text);
    } catch (error) {
      connection.console.error(`apol-lsp: indexing the workspace failed: ${describeError(error)}`);
    }
  };

  connection.onDidOpenTextDocument((params) =>
    safely("didOpen", undefined, () => {
      // Pushed while the file was only on disk; from now on the client pulls them.
      if (pulls && store.has(params.textDocument.uri)) void connection.sendDiagnostics({ uri: params.textDocument.uri, diagnostics: [] });
      store.open(params.textDocument.uri, params.textDocument.version, params.textDocument.text);
    }),
  );
  connection.onDidChangeTextDocument((params) =>
    safely("didChange", undefined, () => store.change(params.textDocument.uri, params.textDocument.version, params.contentChanges)),
  );
  connection.onDidCloseTextDocument((params) =>
    safely("didClose", undefined, () => store.close(params.textDocument.uri, workspace.read(params.textDocument.uri))),
  );
  connection.onDidChangeWatchedFiles((params) =>
    safely("didChangeWatchedFiles", undefined, () => {
      for (const change of params.changes) {
        if (change.type === FileChangeType.Deleted) store.unindex(change.uri);
        else {
          const text = workspace.read(change.uri);
          if (text !== undefined) store.index(change.uri, text);
        }
      }
    }),
  );

  connection.onCompletion((params) =>
    safely("completion", [], () => {
      const snapshot = store.snapshot(params.textDocument.uri);
      return snapshot ? completion(snapshot, store.declarations(params.textDocument.uri), params.position) : [];
    }),
  );
  connection.onHover((params, token) => withAnalysis("hover", params.textDocument.uri, null, (a) => hover(a, params.position), token));
  connection.onSignatureHelp((params) =>
    safely("signatureHelp", null, () => {
      const snapshot = store.snapshot(params.textDocument.uri);
      return snapshot ? signatureHelp(snapshot, params.position, store.declarations(params.textDocument.uri)?.checked.symbols) : null;
    }),
  );
  connection.onDefinition((params, token) => withAnalysis("definition", params.textDocument.uri, [], (a) => definition(a, params.position, scopeOf(a)), token));
  connection.onReferences((params, token) =>
    withAnalysis("references", params.textDocument.uri, [], (a) => references(a, params.position, params.context.includeDeclaration, scopeOf(a)), token),
  );
  connection.onDocumentHighlight((params, token) =>
    withAnalysis("documentHighlight", params.textDocument.uri, [], (a) => highlights(a, params.position), token),
  );
  connection.onPrepareRename((params) =>
    withAnalysis("prepareRename", params.textDocument.uri, null, (a) => {
      const check = prepareRename(a, params.position);
      if (!check.ok) throw new ResponseError(ErrorCodes.InvalidRequest, check.message);
      return { range: check.range, placeholder: check.placeholder };
    }),
  );
  connection.onRenameRequest((params) =>
    withAnalysis("rename", params.textDocument.uri, null, (a) => {
      const result = rename(a, params.position, params.newName, scopeOf(a));
      if ("message" in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.message);
      return result.edit;
    }),
  );
  /** Answers from the current text's parse and declarations, which never wait for a re-check (`DocumentStore.outline`). */
  const withOutline = <T>(name: string, uri: string, fallback: T, run: (analysis: Analysis) => T): T =>
    safely(name, fallback, () => {
      const analysis = store.outline(uri);
      return analysis ? run(analysis) : fallback;
    });
  connection.onDocumentSymbol((params) => withOutline("documentSymbol", params.textDocument.uri, [], (a) => outlines.get(a)));
  connection.onWorkspaceSymbol((params) =>
    safely("workspaceSymbol", [], () =>
      workspaceSymbols(
        store.uris().flatMap((uri) => store.outline(uri) ?? []),
        params.query,
      ),
    ),
  );
  connection.onFoldingRanges((params) => withOutline("foldingRange", params.textDocument.uri, [], (a) => folds.get(a)));
  connection.onSelectionRanges((params, token) =>
    withAnalysis("selectionRange", params.textDocument.uri, [], (a) => selectionRanges(a, params.positions), token),
  );
  connection.languages.semanticTokens.on((params, token) =>
    withAnalysis("semanticTokens", params.textDocument.uri, { data: [] }, (a) => semanticResults.full(a.uri, semanticTokens.tokens(a)), token, false),
  );
  connection.languages.semanticTokens.onDelta((params, token) =>
    withAnalysis(
      "semanticTokensDelta",
      params.textDocument.uri,
      { data: [] },
      (a) => semanticResults.delta(a.uri, params.previousResultId, semanticTokens.tokens(a)),
      token,
      false,
    ),
  );
  /** The edits of a formatting, telling the user when the text could not be formatted (an empty answer alone looks like a formatter that did nothing). */
  const formatted = (result: Formatted): TextEdit[] => {
    if (result.problem !== undefined) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: result.problem });
    return result.edits;
  };
  connection.onDocumentFormatting((params, token) => withAnalysis("formatting", params.textDocument.uri, [], (a) => formatted(formatDocument(a)), token));
  connection.onDocumentRangeFormatting((params, token) =>
    withAnalysis("rangeFormatting", params.textDocument.uri, [], (a) => formatted(formatRange(a, params.range)), token),
  );
  connection.onCodeAction((params, token) =>
    withAnalysis("codeAction", params.textDocument.uri, [], (a) => [...codeActions(a, params.range), ...refactors(a, params.range)], token),
  );
  connection.onCodeLens((params, token) => withAnalysis("codeLens", params.textDocument.uri, [], (a) => codeLenses(a), token, false));
  connection.onExecuteCommand(async (params): Promise<RunSummary | CheckReport | CompiledModule | null> => {
    if (params.command === checkReportCommand || params.command === compileModuleCommand) {
      const [uri, file] = (params.arguments ?? []) as unknown[];
      const named = params.command === compileModuleCommand || typeof file === "string";
      if (typeof uri !== "string" || !named)
        throw new ResponseError(
          ErrorCodes.InvalidParams,
          `expected \`${params.command}\` with the arguments ${params.command === checkReportCommand ? "[uri, file]" : "[uri]"}`,
        );
      const analysis = safely("executeCommand", undefined, () => store.analysis(uri));
      if (analysis === undefined) return null;
      return safely("executeCommand", null, () => (params.command === checkReportCommand ? checkReport(analysis, file as string) : compileModule(analysis)));
    }
    if (params.command === evaluateCallCommand) {
      const [uri, title, at] = (params.arguments ?? []) as unknown[];
      if (typeof uri !== "string" || typeof title !== "string" || typeof at !== "number")
        throw new ResponseError(ErrorCodes.InvalidParams, `expected \`${evaluateCallCommand}\` with the arguments [uri, title, offset]`);
      const message = await evaluateCall(
        safely("executeCommand", undefined, () => store.analysis(uri)),
        uri,
        title,
        at,
      ).catch((error: unknown) => ({ type: MessageType.Error as MessageType, message: `evaluating the call failed: ${String(error)}` }));
      void connection.sendNotification(ShowMessageNotification.type, message);
      return null;
    }
    const target = params.command === runTestsCommand ? runTarget(params.arguments) : undefined;
    if (target === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `expected \`${runTestsCommand}\` with the arguments [uri] or [uri, title]`);
    const analysis = safely("executeCommand", undefined, () => store.analysis(target.uri));
    let report: RunReport;
    try {
      report = await runTestsOf(analysis, target);
    } catch (error) {
      connection.console.error(`apol-lsp: running the tests of ${target.uri} failed: ${describeError(error)}`);
      report = { message: { type: MessageType.Error, message: `running the tests of \`${fileNameOf(target.uri)}\` failed: ${String(error)}` }, summary: null };
    }
    if (analysis !== undefined && report.outcomes !== undefined) {
      publisher.testsRan(analysis, report.outcomes, target.title === undefined);
      // A client that pulls asks again for the failed tests' diagnostics once told they changed.
      if (pulls && refreshes) void connection.languages.diagnostics.refresh().catch(() => undefined);
    }
    void connection.sendNotification(ShowMessageNotification.type, report.message);
    return report.summary;
  });
  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const report = await withAnalysis("diagnostic", params.textDocument.uri, undefined, (a) => publisher.report(a), token, false);
    // A client cancels a pull when the text changes; an empty report would tell it the document has no errors, and the squiggles would blink off until its next pull.
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "the document changed");
    if (report === undefined) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (params.previousResultId === report.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.items };
  });
  connection.languages.inlayHint.on((params, token) => withAnalysis("inlayHint", params.textDocument.uri, [], (a) => inlayHints(a, params.range), token));

  connection.onShutdown(() => store.dispose());
  connection.listen();
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
