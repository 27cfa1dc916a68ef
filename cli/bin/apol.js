#!/usr/bin/env node
// The `apol` executable: runs the compiled CLI in `dist/` (`npm install` at the repository root builds it).
import { existsSync } from "node:fs";

const entry = new URL("../dist/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("apol: the CLI is not built; run `npm run build` at the repository root\n");
  process.exit(2);
}
const { main, processIo } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), processIo());
