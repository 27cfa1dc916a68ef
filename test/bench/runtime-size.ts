// Prints the size of the runtime as shipped in a bundle (minified, gzipped) and fails when it exceeds its budget.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 4096;
const dist = fileURLToPath(new URL("../../runtime/dist/", import.meta.url));

if (!existsSync(`${dist}index.js`)) {
  console.error("runtime/dist is missing: run `npx tsc -b` first");
  process.exit(2);
}
// Both entry points in one bundle, as an application that loads generated policies ships them.
const result = await build({
  stdin: { contents: 'export * from "./index.js";\nexport * as ops from "./ops.js";\n', resolveDir: dist, loader: "js" },
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  write: false,
});
const code = result.outputFiles[0]!.contents;
const bytes = gzipSync(code, { level: 9 }).length;
console.log(`runtime: ${code.length} bytes minified, ${bytes} bytes minified+gzipped (budget ${BUDGET_BYTES})`);
if (bytes > BUDGET_BYTES) process.exit(1);
