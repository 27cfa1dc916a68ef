#!/usr/bin/env node
// The `apol-lsp` executable: runs the built language server in `dist/` (`npm install` at the repository root builds it).
import { existsSync } from "node:fs";

const entry = new URL("../dist/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("apol-lsp: the language server is not built; run `npm run build` at the repository root\n");
  process.exit(2);
}
if (!process.argv.slice(2).some((arg) => arg === "--stdio" || arg === "--node-ipc" || arg.startsWith("--socket") || arg.startsWith("--pipe"))) {
  process.stderr.write("usage: apol-lsp --stdio\n");
  process.exit(2);
}
await import(entry.href);
