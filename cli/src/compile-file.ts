// Reads a policy file and runs the pipeline on it (or compiles and imports it), printing any diagnostics: the first step of `compile`, `debug`, `eval` and `replay`.
import type { PolicyModule } from "@apol/runtime";
import {
  type Diagnostic,
  compileAndImport,
  renderDiagnostic,
  renderSource,
  runPipeline,
  type PipelineOptions,
  type PipelineResult,
  type StageName,
} from "@apol/compiler";
import { exit, type Io } from "./command.js";
import { readSource } from "./files.js";

/** A compiled file, or the exit code the command should return. */
export type CompiledFile = { readonly ok: true; readonly text: string; readonly result: PipelineResult } | { readonly ok: false; readonly exitCode: number };

/** Writes every diagnostic rendered with its source line and caret to stderr. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], file: string, text: string, io: Io): void {
  const source = renderSource(file, text);
  for (const d of diagnostics) io.stderr.write(`${renderDiagnostic(d, source, { color: io.stderr.color })}\n\n`);
}

/**
 * Runs the pipeline up to `until` on `file`. Unreadable files and files with errors
 * print their problem and yield the exit code (2 for unreadable, 1 for errors); warnings print and pass.
 */
export function compileFile(file: string, io: Io, until: StageName, options: PipelineOptions = {}): CompiledFile {
  const read = readSource(file);
  if (!read.ok) {
    io.stderr.write(`apol: ${read.message}\n`);
    return { ok: false, exitCode: exit.trouble };
  }
  const result = runPipeline(read.text, file, until, options);
  printDiagnostics(result.diagnostics, file, read.text, io);
  if (result.diagnostics.some((d) => d.severity === "error")) return { ok: false, exitCode: exit.problems };
  return { ok: true, text: read.text, result };
}

/** Reads, compiles and imports a policy, printing its diagnostics; the exit code when it cannot be read or has errors. */
export async function loadPolicyFile(file: string, io: Io): Promise<PolicyModule | number> {
  const read = readSource(file);
  if (!read.ok) {
    io.stderr.write(`apol: ${read.message}\n`);
    return exit.trouble;
  }
  const loaded = await compileAndImport(read.text, file);
  printDiagnostics(loaded.diagnostics, file, read.text, io);
  return loaded.ok ? loaded.module : exit.problems;
}
