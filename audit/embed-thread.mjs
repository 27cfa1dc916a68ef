// Packing @apol/audit: bundles the built writer thread (dist/thread.js and its neighbours) into one script (an IIFE, so its names stay off the global object) and
// writes it as the string `threadCode` over dist/thread-code.js, so a bundler that copies no files still ships the thread;
// `--clear` (after packing) puts back the workspace's `undefined`, so a later `tsc -b` cannot leave a stale thread embedded.
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("dist/", import.meta.url));
let code = "undefined";
if (!process.argv.includes("--clear")) {
  const bundle = await build({
    entryPoints: [`${dist}thread.js`],
    bundle: true,
    write: false,
    platform: "node",
    format: "iife",
    target: "node20",
    legalComments: "none",
  });
  code = JSON.stringify(bundle.outputFiles[0].text);
}
writeFileSync(`${dist}thread-code.js`, `// The writer thread as one script (see src/thread-code.ts).\nexport const threadCode = ${code};\n`);
