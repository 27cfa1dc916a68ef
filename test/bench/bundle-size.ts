// What an app's bundler keeps of `@apol/runtime`: an entry bundled by esbuild (minified, ESM), its size gzipped and the runtime modules it pulled in; shared by the size benchmark and its budget test.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";

/** The most a stateless app may bundle of the runtime, minified and gzipped (issue 19). */
export const STATELESS_BUDGET_BYTES = 4096;

/** One bundle's size, and the runtime modules in it (paths relative to the folder it was resolved in). */
export interface BundleSize {
  readonly minified: number;
  readonly gzip: number;
  readonly modules: readonly string[];
}

/** The `ops` helpers a compiled module calls: all spelt `ops.name`, so they are what the app's bundle keeps of `ops`. */
export function opsUsed(moduleCode: string): string[] {
  return [...new Set([...moduleCode.matchAll(/\bops\.(\w+)/g)].map((m) => m[1]!))].sort();
}

/** A stateless app's imports of the runtime: the stateless enforcer (with `extra` of its entry, `logTo` say) and the `ops` its policy module calls. */
export function statelessApp(ops: readonly string[], extra: readonly string[] = []): string {
  return `export { ${["createStatelessEnforcer", ...extra].join(", ")} } from "./stateless.js";\nexport { ${ops.join(", ")} } from "./ops.js";\n`;
}

/** A stateful app's imports: `createEnforcer` and the `ops` its policy module calls. */
export function statefulApp(ops: readonly string[]): string {
  return `export { createEnforcer } from "./index.js";\nexport { ${ops.join(", ")} } from "./ops.js";\n`;
}

/** Minified and gzipped sizes of a bundle of `entry`, resolved in `dir` (the runtime's `dist/`, or its `src/`: esbuild reads TypeScript). */
export async function bundleSize(entry: string, dir: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry, resolveDir: dir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    metafile: true,
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const modules = Object.keys(inputs).filter((path) => path !== "<stdin>" && inputs[path]!.bytesInOutput > 0);
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, modules };
}
