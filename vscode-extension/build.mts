// Bundles the extension's client, the language server and the runtime helpers its test runs import into dist/ with esbuild, and copies the grammar files beside them.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const server = join(here, "..", "lsp", "src", "main.ts");
/** The grammar and language configuration live in grammar/; the manifest points at their copies in dist/ (snippets come from the language server, where they fit). */
const grammarFiles = ["apol.tmLanguage.json", "language-configuration.json"];

if (!existsSync(server)) throw new Error(`the language server's entry ${server} does not exist`);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
await build({
  entryPoints: { extension: join(here, "src", "extension.ts"), server },
  outdir: dist,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // VS Code provides `vscode` to the extension host; everything else ships inside the two files.
  external: ["vscode"],
  // The workspace packages are bundled from their sources, so no build of their dist/ has to come first.
  alias: {
    "@apol/compiler": join(here, "..", "compiler", "src", "index.ts"),
    "@apol/runtime": join(here, "..", "runtime", "src", "index.ts"),
    // The reference evaluator's `matches` uses the runtime's matcher: the subpath needs its own entry, or it resolves under index.ts.
    "@apol/runtime/ops": join(here, "..", "runtime", "src", "ops.ts"),
  },
  // The server runs a policy's tests by importing the compiled policy, which imports the runtime's helpers by the URL `import.meta.resolve` gives.
  define: { "import.meta.resolve": "resolveBesideServer" },
  inject: [join(here, "src", "server-resolve.ts")],
  minify: true,
  keepNames: true,
  legalComments: "none",
  logLevel: "warning",
});
// Those helpers, as the ES module `ops.mjs` that `resolveBesideServer` points at.
await build({
  entryPoints: { ops: join(here, "..", "runtime", "src", "ops.ts") },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  keepNames: true,
  legalComments: "none",
  logLevel: "warning",
});
for (const file of grammarFiles) copyFileSync(join(here, "..", "grammar", file), join(dist, file));
process.stdout.write(`bundled ${join(dist, "extension.js")}, ${join(dist, "server.js")} and ${join(dist, "ops.mjs")}\n`);
