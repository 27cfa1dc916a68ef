// Compiles a policy in memory and imports the generated module, for `apol replay`, tests and benchmarks.
import type { PolicyModule } from "@apol/runtime";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { runPipeline, type PipelineOptions } from "./pipeline.js";

/** The compiled module, or the diagnostics that prevented compiling it (warnings come back in both cases). */
export type CompileAndImportResult =
  | { readonly ok: true; readonly module: PolicyModule; readonly js: string; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Compiles `text` and imports the result without touching the file system. The module
 * imports the runtime by absolute URL (a `data:` module cannot resolve bare specifiers),
 * resolved from this package, which depends on `@apol/runtime`.
 */
export async function compileAndImport(text: string, file: string, options: Omit<PipelineOptions, "runtimeImport"> = {}): Promise<CompileAndImportResult> {
  const runtimeImport = import.meta.resolve("@apol/runtime/ops");
  const { outputs, diagnostics } = runPipeline(text, file, "emit", { ...options, runtimeImport });
  if (!outputs.emit) return { ok: false, diagnostics };
  const js = outputs.emit.js;
  const module = (await import(`data:text/javascript;base64,${Buffer.from(js, "utf8").toString("base64")}`)) as PolicyModule;
  return { ok: true, module, js, diagnostics };
}
