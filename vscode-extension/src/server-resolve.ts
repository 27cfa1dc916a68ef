// `import.meta.resolve` for the bundled language server, which esbuild emits as CommonJS where `import.meta` is empty.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Where the bundled server finds a module by specifier. The compiler resolves only the
 * runtime's helpers this way (the policies it compiles to run their tests import them), and
 * build.mts ships those as `ops.mjs` beside the server.
 */
export function resolveBesideServer(specifier: string): string {
  if (specifier !== "@apol/runtime/ops") throw new Error(`the bundled language server cannot resolve \`${specifier}\``);
  return pathToFileURL(join(__dirname, "ops.mjs")).href;
}
