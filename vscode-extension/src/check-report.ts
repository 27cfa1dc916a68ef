// The text `apol: Run tests in file` prints: `apol check` on the file, and the test blocks it checked but cannot run yet.
import { LineIndex, runPipeline, type Diagnostic } from "@apol/compiler";

/** One line per diagnostic (`file:line:column: severity: message [code]`, then its help), a summary, and the file's tests. */
export function checkReport(file: string, text: string): string[] {
  const { diagnostics, outputs } = runPipeline(text, file);
  const lines = new LineIndex(text);
  const report = [`apol check ${file}`];
  for (const d of diagnostics) {
    const at = lines.position(d.span.start);
    report.push(`${file}:${at.line}:${at.column}: ${d.severity}: ${d.message} [${d.code}]`);
    if (d.help !== undefined) report.push(`  help: ${d.help}`);
  }
  report.push(summary(diagnostics));
  const tests = (outputs.parse?.ast.declarations ?? []).flatMap((d) => (d.kind === "TestDecl" ? [d] : []));
  if (tests.length === 0) {
    report.push("the file has no `test` blocks");
  } else {
    report.push(`${tests.length === 1 ? "1 test block" : `${tests.length} test blocks`} type-checked, not run:`);
    for (const test of tests) report.push(`  line ${lines.position(test.span.start).line}: "${test.title.value}"`);
  }
  report.push("Running `test` blocks arrives with `apol test`; until then this command only checks them.");
  return report;
}

function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const parts = [errors === 0 ? "no errors" : errors === 1 ? "1 error" : `${errors} errors`];
  if (warnings > 0) parts.push(warnings === 1 ? "1 warning" : `${warnings} warnings`);
  return parts.join(", ");
}
