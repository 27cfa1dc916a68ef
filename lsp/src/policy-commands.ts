// The commands an editor's own menu items run on a policy through the server: `apol check`'s report of a document, and its compiled module.
import { runPipeline, type Diagnostic } from "@apol/compiler";
import { fileNameOf, hasErrors, inDocument, ownDeclarations, type Analysis } from "./analysis.js";

/** `[uri, file]`: the report `apol check FILE` prints for the document's current text (`file` is how the report names it). */
export const checkReportCommand = "apol.check.report";

/** `[uri]`: the document's compiled module, or how many errors keep it from compiling. */
export const compileModuleCommand = "apol.compile.module";

/** What the check found, and whether the file's tests can run (no errors, at least one test). */
export interface CheckReport {
  readonly lines: readonly string[];
  readonly runnable: boolean;
}

/** The module `apol compile` writes, or why there is none. */
export type CompiledModule = { readonly js: string; readonly dts: string } | { readonly errors: number } | { readonly problem: string };

/**
 * One line per diagnostic of the document (`file:line:column: severity: message [code]`, then
 * its help), a summary, and what comes of the tests. A test file is checked after its policy,
 * as `apol test` checks it: errors in the policy get one line naming it.
 */
export function checkReport(analysis: Analysis, file: string): CheckReport {
  const own = analysis.diagnostics.filter((d) => inDocument(analysis, d.span));
  const lines = [`apol check ${file}`];
  for (const d of own) {
    const at = analysis.index.position(d.span.start);
    lines.push(`${file}:${at.line}:${at.column}: ${d.severity}: ${d.message} [${d.code}]`);
    if (d.help !== undefined) lines.push(`  help: ${d.help}`);
  }
  lines.push(summary(own));
  if (analysis.policy && own.length < analysis.diagnostics.length && hasErrors(analysis))
    lines.push(`its policy \`${fileNameOf(analysis.policy.uri)}\` has errors`);
  const tests = ownDeclarations(analysis).filter((d) => d.kind === "TestDecl").length;
  const errors = hasErrors(analysis);
  if (tests === 0) lines.push("the file has no `test` blocks");
  else if (errors) lines.push(`${tests === 1 ? "its test runs" : `its ${tests} tests run`} once the errors are fixed`);
  else lines.push(`apol test ${file}`);
  return { lines, runnable: tests > 0 && !errors };
}

/** The document's module, compiled from the text the analysis saw; a test file has none of its own. */
export function compileModule(analysis: Analysis): CompiledModule {
  if (analysis.boundary > 0) return { problem: "a test file has no module of its own: compile its policy" };
  const errors = analysis.diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) return { errors };
  const emitted = runPipeline(analysis.text, fileNameOf(analysis.uri)).outputs.emit;
  return emitted ? { js: emitted.js, dts: emitted.dts } : { problem: "the compiler produced no module" };
}

/** The lines for the tests the server ran. */
export function testLines(tests: readonly { readonly title: string; readonly passed: boolean }[]): string[] {
  const failed = tests.filter((t) => !t.passed).length;
  const count = `${tests.length} ${tests.length === 1 ? "test" : "tests"}`;
  return [...tests.map((t) => `${t.passed ? "pass" : "FAIL"}  ${t.title}`), failed === 0 ? `${count} passed` : `${failed} of ${count} failed`];
}

function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const parts = [errors === 0 ? "no errors" : errors === 1 ? "1 error" : `${errors} errors`];
  if (warnings > 0) parts.push(warnings === 1 ? "1 warning" : `${warnings} warnings`);
  return parts.join(", ");
}
