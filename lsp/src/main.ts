// The stdio entry of the language server (`apol-lsp --stdio`); the VS Code extension bundles this file as its server.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server.js";

// `createConnection` picks the transport from the command line (`--stdio`, `--node-ipc`, `--socket=N`).
// `--debounce-ms=N` sets the server's debounce; the VS Code extension passes its `apol.diagnostics.debounceMs` setting so.
const debounceMs = Number(process.argv.find((arg) => arg.startsWith("--debounce-ms="))?.slice("--debounce-ms=".length));
startServer(createConnection(ProposedFeatures.all), Number.isFinite(debounceMs) && debounceMs >= 0 ? { debounceMs } : {});
