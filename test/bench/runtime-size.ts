// Prints the size of the runtime in a bundle (minified, gzipped): all of it, and what a stateless app ships, against the stateless budget.
//
//   node --import tsx test/bench/runtime-size.ts [compiled-policy.mjs]
//
// With a compiled policy, the stateless app is `createEnforcer` plus the `ops` helpers that policy imports.
import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 4096;
const dist = fileURLToPath(new URL("../../runtime/dist/", import.meta.url));

if (!existsSync(`${dist}index.js`)) {
  console.error("runtime/dist is missing: run `npx tsc -b` first");
  process.exit(2);
}

/** Minified and gzipped sizes of a bundle of `entry` (resolved in the runtime's dist). */
async function size(entry: string): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: dist, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

// Both entry points whole, as an application that loads any generated policy ships them.
const all = await size('export * from "./index.js";\nexport * as ops from "./ops.js";\n');
console.log(`runtime: ${all.minified} bytes minified, ${all.gzip} bytes minified+gzipped`);

const policy = process.argv[2];
if (policy !== undefined) {
  // The helpers a compiled module calls are all spelt `ops.name`: those are what the app's bundle keeps of `ops`.
  const used = [...new Set([...readFileSync(policy, "utf8").matchAll(/\bops\.(\w+)/g)].map((m) => m[1]!))].sort();
  const app = await size(`export { createEnforcer } from "./index.js";\nexport { ${used.join(", ")} } from "./ops.js";\n`);
  console.log(`stateless app: ${app.minified} bytes minified, ${app.gzip} bytes minified+gzipped (budget ${BUDGET_BYTES}; ops ${used.join(" ")})`);
  if (app.gzip > BUDGET_BYTES) process.exit(1);
}
