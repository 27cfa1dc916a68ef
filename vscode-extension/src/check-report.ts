// The text `apol: Run tests in file` prints: `apol check` on the file, then the outcome of each test the language server ran.
import { LineIndex, runPipeline, type Diagnostic } from "@apol/compiler";

/** What the check found, and whether the file's tests can run (no errors, at least one test). */
export interface CheckReport {
  readonly lines: readonly string[];
  readonly runnable: boolean;
}

/** One line per diagnostic (`file:line:column: severity: message [code]`, then its help), a summary, and what comes of the tests. */
export function checkReport(file: string, text: string): CheckReport {
  const { diagnostics, outputs } = runPipeline(text, file);
  const index = new LineIndex(text);
  const lines = [`apol check ${file}`];
  for (const d of diagnostics) {
    const at = index.position(d.span.start);
    lines.push(`${file}:${at.line}:${at.column}: ${d.severity}: ${d.message} [${d.code}]`);
    if (d.help !== undefined) lines.push(`  help: ${d.help}`);
  }
  lines.push(summary(diagnostics));
  const tests = (outputs.parse?.ast.declarations ?? []).filter((d) => d.kind === "TestDecl").length;
  const errors = diagnostics.some((d) => d.severity === "error");
  if (tests === 0) lines.push("the file has no `test` blocks");
  else if (errors) lines.push(`${tests === 1 ? "its test runs" : `its ${tests} tests run`} once the errors are fixed`);
  else lines.push(`apol test ${file}`);
  return { lines, runnable: tests > 0 && !errors };
}

/** The lines for the tests the server ran (`apol.test.run`'s answer). */
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
