// The loop `check` and `lint` share: read each file, print what a diagnose function finds in it, as text or one JSON array.
import { type Diagnostic, diagnosticToJson, renderDiagnostic, renderSource, type JsonDiagnostic } from "@apol/compiler";
import type { Io } from "./command.js";
import { readSource } from "./files.js";

/** What was printed, and how many files could and could not be read. */
export interface FilesReport {
  readonly printed: readonly Diagnostic[];
  readonly read: number;
  readonly unreadable: number;
}

/**
 * Prints `diagnose(text, file)` for every readable file: rendered with carets on stdout,
 * or, with `json`, one array of all of them at the end. Unreadable files get a one-line error on stderr.
 */
export function reportFiles(files: readonly string[], io: Io, json: boolean, diagnose: (text: string, file: string) => readonly Diagnostic[]): FilesReport {
  const found: JsonDiagnostic[] = [];
  const printed: Diagnostic[] = [];
  let read = 0;
  let unreadable = 0;
  for (const file of files) {
    const source = readSource(file);
    if (!source.ok) {
      io.stderr.write(`apol: ${source.message}\n`);
      unreadable++;
      continue;
    }
    read++;
    const rendered = renderSource(file, source.text);
    for (const d of diagnose(source.text, file)) {
      printed.push(d);
      if (json) found.push(diagnosticToJson(d, rendered));
      else io.stdout.write(`${renderDiagnostic(d, rendered, { color: io.stdout.color })}\n\n`);
    }
  }
  if (json) io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
  return { printed, read, unreadable };
}
