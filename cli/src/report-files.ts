// The loop `check` and `lint` share: read each policy with its test file, print what a diagnose function finds in them, as text or in a machine format.
import {
  applyFixes,
  combineSources,
  type Diagnostic,
  diagnosticToJson,
  type Fix,
  renderDiagnostic,
  renderSource,
  splitDiagnostics,
  type JsonDiagnostic,
} from "@apol/compiler";
import type { Io } from "./command.js";
import { formatDiagnostics, type DiagnosticFormat } from "./diagnostic-formats.js";
import { writeSource } from "./files.js";
import { policyOperands, readPolicy, type PolicySource } from "./operands.js";

/** How often `--fix` checks a file again after fixing it: a fix may reveal another (a second typo on a line). */
const FIX_PASSES = 4;

/** One file's text and the diagnostics about it. */
interface Part {
  readonly file: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** What was printed, and how many files could and could not be read (or, fixing, written). */
export interface FilesReport {
  readonly printed: readonly Diagnostic[];
  readonly read: number;
  readonly unreadable: number;
}

/** The policy and its test file, each with what `diagnose` finds in it when checked together. */
function diagnoseParts(source: Extract<PolicySource, { ok: true }>, diagnose: (text: string, file: string) => readonly Diagnostic[]): Part[] {
  const combined = combineSources(source.text, source.tests?.text);
  const split = splitDiagnostics(diagnose(combined.text, source.file), combined.boundary);
  const parts: Part[] = [{ file: source.file, text: source.text, diagnostics: split.policy }];
  if (source.tests !== undefined) parts.push({ ...source.tests, diagnostics: split.tests });
  return parts;
}

/**
 * Applies every fix the diagnostics of `policy` carry, file by file, and checks again until none is left; each fix
 * taken is listed on stderr with where it was. The source as it is at the end, or undefined when a file could not be
 * read or written (said on stderr).
 */
function fixPolicy(policy: string, io: Io, diagnose: (text: string, file: string) => readonly Diagnostic[]): Extract<PolicySource, { ok: true }> | undefined {
  for (let pass = 0; ; pass++) {
    const source = readPolicy(policy);
    if (!source.ok) {
      io.stderr.write(`apol: ${source.message}\n`);
      return undefined;
    }
    if (pass === FIX_PASSES) return source;
    let changed = false;
    for (const part of diagnoseParts(source, diagnose)) {
      const fixed = part.diagnostics.filter((d): d is Diagnostic & { fix: Fix } => d.fix !== undefined);
      if (fixed.length === 0) continue;
      const { text, applied } = applyFixes(
        part.text,
        fixed.map((d) => d.fix),
      );
      if (text === part.text) continue;
      const failure = writeSource(part.file, text);
      if (failure !== undefined) {
        io.stderr.write(`apol: ${failure}\n`);
        return undefined;
      }
      const lines = renderSource(part.file, part.text).lines;
      for (const d of fixed) {
        if (!applied.includes(d.fix)) continue;
        const { line, column } = lines.position(d.span.start);
        io.stderr.write(`fixed ${part.file}:${line}:${column}: ${d.fix.title} (${d.code})\n`);
      }
      changed = true;
    }
    if (!changed) return source;
  }
}

/**
 * Prints `diagnose(text, file)` for every policy the operands name (see `policyOperands`), checked with its
 * `NAME.test.apol` appended as `apol test` does and each diagnostic shown in its own file: rendered with carets
 * on stdout, or, in a machine format, all of them at the end. Unreadable files get a one-line error on stderr.
 * With `fix`, every fix the diagnostics carry is applied to the files first (see `fixPolicy`), and what is left printed.
 */
export function reportFiles(
  operands: readonly string[],
  io: Io,
  format: DiagnosticFormat,
  diagnose: (text: string, file: string) => readonly Diagnostic[],
  fix = false,
): FilesReport {
  const found: JsonDiagnostic[] = [];
  const printed: Diagnostic[] = [];
  let read = 0;
  let unreadable = 0;
  const { policies, empty } = policyOperands(operands);
  for (const message of empty) io.stderr.write(`apol: ${message}\n`);
  unreadable += empty.length;
  for (const policy of policies) {
    const source = fix ? fixPolicy(policy, io, diagnose) : readPolicy(policy);
    if (source === undefined || !source.ok) {
      if (source !== undefined) io.stderr.write(`apol: ${source.message}\n`);
      unreadable++;
      continue;
    }
    for (const part of diagnoseParts(source, diagnose)) {
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
