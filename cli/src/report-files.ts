// The loop `check` and `lint` share: read each policy with its test file, print what a diagnose function finds in them, as text or in a machine format.
import { combineSources, type Diagnostic, diagnosticToJson, renderDiagnostic, renderSource, splitDiagnostics, type JsonDiagnostic } from "@apol/compiler";
import type { Io } from "./command.js";
import { formatDiagnostics, type DiagnosticFormat } from "./diagnostic-formats.js";
import { policyOperands, readPolicy } from "./operands.js";

/** What was printed, and how many files could and could not be read. */
export interface FilesReport {
  readonly printed: readonly Diagnostic[];
  readonly read: number;
  readonly unreadable: number;
}

/**
 * Prints `diagnose(text, file)` for every policy the operands name (see `policyOperands`), checked with its
 * `NAME.test.apol` appended as `apol test` does and each diagnostic shown in its own file: rendered with carets
 * on stdout, or, in a machine format, all of them at the end. Unreadable files get a one-line error on stderr.
 */
export function reportFiles(operands: readonly string[], io: Io, format: DiagnosticFormat, diagnose: (text: string, file: string) => readonly Diagnostic[]): FilesReport {
  const found: JsonDiagnostic[] = [];
  const printed: Diagnostic[] = [];
  let read = 0;
  let unreadable = 0;
  const { policies, empty } = policyOperands(operands);
  for (const message of empty) io.stderr.write(`apol: ${message}\n`);
  unreadable += empty.length;
  for (const policy of policies) {
    const source = readPolicy(policy);
    if (!source.ok) {
      io.stderr.write(`apol: ${source.message}\n`);
      unreadable++;
      continue;
    }
    const combined = combineSources(source.text, source.tests?.text);
    const split = splitDiagnostics(diagnose(combined.text, source.file), combined.boundary);
    const parts = [{ file: source.file, text: source.text, diagnostics: split.policy }];
    if (source.tests !== undefined) parts.push({ ...source.tests, diagnostics: split.tests });
    for (const part of parts) {
      read++;
      const rendered = renderSource(part.file, part.text);
      for (const d of part.diagnostics) {
        printed.push(d);
        if (format !== "text") found.push(diagnosticToJson(d, rendered));
        else io.stdout.write(`${renderDiagnostic(d, rendered, { color: io.stdout.color })}\n\n`);
      }
    }
  }
  if (format !== "text") io.stdout.write(formatDiagnostics(format, found));
  return { printed, read, unreadable };
}
