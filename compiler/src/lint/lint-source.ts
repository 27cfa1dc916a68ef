// Runs the pipeline up to `check` and, on a policy without errors, the lints: what `apol lint`, the corpus and editors call.
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { runPipeline } from "../pipeline.js";
import type { Finding } from "./finding.js";
import { lint } from "./lint.js";

/** The checker's diagnostics and the lint findings (none when the policy has errors: lints assume a well-typed policy). */
export interface LintResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly findings: readonly Finding[];
}

/** Checks `text` and lints it when it has no errors; `diagnostics` holds both, sorted by position. */
export function lintSource(text: string, file: string): LintResult {
  const { outputs, diagnostics } = runPipeline(text, file, "check");
  const checked = outputs.check;
  if (checked === undefined || hasErrors(diagnostics)) return { diagnostics, findings: [] };
  const findings = lint(checked);
  return { diagnostics: sortDiagnostics([...diagnostics, ...findings.map((f) => f.diagnostic)]), findings };
}
