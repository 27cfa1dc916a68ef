// An in-process LSP client joined to `startServer` through two streams, for protocol tests.
import { spawn } from "node:child_process";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  createConnection,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Position,
  type Range,
  type ShowMessageParams,
} from "vscode-languageserver/node";
import { LineIndex } from "@apol/compiler";
import { startServer, type ServerOptions } from "../server.js";
import { parseMarkers, type Marked } from "./markers.js";

/** A document opened by a test, with its markers as LSP positions and ranges. */
export interface OpenDocument {
  readonly uri: string;
  readonly text: string;
  readonly positions: readonly Position[];
  readonly ranges: readonly Range[];
  version: number;
}

/** A running server and a client talking to it. */
export interface TestSession {
  readonly client: ProtocolConnection;
  /** Every diagnostics notification received, newest last. */
  readonly published: PublishDiagnosticsParams[];
  /** Every message the server logged (it logs only failures). */
  readonly logs: string[];
  /** Every message the server asked the editor to show, oldest first. */
  readonly messages: ShowMessageParams[];
  /** What the server answered to `initialize`. */
  readonly initialized: { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
  /** Opens a document written with `<|>` / `<|...|>` markers. */
  open(uri: string, marked: string): Promise<OpenDocument>;
  /** Sends one incremental change (or a full one, without a range) and bumps the version. */
  change(doc: OpenDocument, ...changes: ({ range: Range; text: string } | { text: string })[]): Promise<void>;
  /** Sends a request; the result type is the test's to assert. */
  request<T = unknown>(method: string, params: object): Promise<T>;
  /**
   * Waits for the diagnostics of a document's version (or of any version, for disk files):
   * the latest published, or with `until` the latest that satisfies it.
   */
  diagnostics(uri: string, version?: number, until?: (published: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Shuts the server down and closes the streams. */
  close(): Promise<void>;
}

/** Where a marked document's markers are, as LSP positions. */
function markersOf(marked: Marked): { positions: Position[]; ranges: Range[] } {
  const index = new LineIndex(marked.text);
  const at = (offset: number): Position => {
    const p = index.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  };
  return { positions: marked.positions.map(at), ranges: marked.ranges.map((r) => ({ start: at(r.start), end: at(r.end) })) };
}

type SessionOptions = ServerOptions & { rootUri?: string; capabilities?: object };

/** Starts a server in this process and initializes it, with `rootUri` as its workspace if given. */
export async function startSession(options: SessionOptions = {}): Promise<TestSession> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { debounceMs: options.debounceMs ?? 5 });
  return connectSession(toClient, toServer, options, () => {
    server.dispose();
    toServer.end();
    toClient.end();
  });
}

/**
 * Starts the built server as its own process (`apol-lsp --stdio`, or the `main.js` given), as an
 * editor does, and initializes it; its debounce is the editor default unless `debounceMs` is given.
 */
export async function startStdioSession(options: SessionOptions & { main?: string } = {}): Promise<TestSession> {
  const main = options.main ?? fileURLToPath(new URL("../../dist/main.js", import.meta.url));
  const args = [main, "--stdio", ...(options.debounceMs === undefined ? [] : [`--debounce-ms=${options.debounceMs}`])];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  return connectSession(child.stdout, child.stdin, options, () => {
    child.stdin.end();
    child.kill();
  });
}

/** A client over a server's output and input streams, initialized; `dispose` ends the transport after `shutdown`. */
async function connectSession(fromServer: Readable, toServer: Writable, options: SessionOptions, dispose: () => void): Promise<TestSession> {
  const client = createProtocolConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  client.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const wake of waiters.splice(0)) wake();
  });
  const logs: string[] = [];
  client.onNotification("window/logMessage", (params: { message: string }) => {
    logs.push(params.message);
  });
  const messages: ShowMessageParams[] = [];
  client.onNotification("window/showMessage", (params: ShowMessageParams) => {
    messages.push(params);
  });
  client.onRequest("client/registerCapability", () => null);
  client.listen();
  const initialized = await client.sendRequest<TestSession["initialized"]>("initialize", {
    processId: null,
    rootUri: options.rootUri ?? null,
    capabilities: options.capabilities ?? {},
    ...(options.rootUri ? { workspaceFolders: [{ uri: options.rootUri, name: "root" }] } : {}),
  });
  await client.sendNotification("initialized", {});
  return {
    client,
    published,
    logs,
    messages,
    initialized,
    async open(uri, marked) {
      const parsed = parseMarkers(marked);
      await client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "apol", version: 1, text: parsed.text } });
      return { uri, text: parsed.text, version: 1, ...markersOf(parsed) };
    },
    async change(doc, ...changes) {
      doc.version++;
      await client.sendNotification("textDocument/didChange", { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: changes });
    },
    request<T>(method: string, params: object) {
      return client.sendRequest(method, params) as Promise<T>;
    },
    async diagnostics(uri, version, until = () => true) {
      for (;;) {
        const found = [...published].reverse().find((p) => p.uri === uri && (version === undefined || p.version === version) && until(p));
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    async close() {
      await client.sendRequest("shutdown");
      client.dispose();
      dispose();
    },
  };
}
