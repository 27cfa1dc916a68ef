// `apol check`: runs the whole pipeline on each file and prints every diagnostic it reports.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostic, renderSource, type JsonDiagnostic } from "../diagnostics/render.js";
import { runPipeline } from "../pipeline.js";
import { exit, plural, usageError, type Command } from "./command.js";
import { readSource } from "./files.js";

/** The `check` command. */
export const check: Command = {
  name: "check",
  summary: "report every error and warning in policy files",
  usage: "FILE... [--format text|json]",
  description: [
    "Runs every compiler stage on each FILE and prints what it finds, with the source line and a caret under the problem.",
    "Exits with 1 if any file has an error; warnings are printed but do not fail.",
    "With `--format json`, prints one JSON array of all diagnostics (1-based lines, UTF-16 columns).",
  ],
  options: [
    {
      name: "format",
      description: "how to print diagnostics",
      value: { name: "FORMAT", choices: ["text", "json"], default: "text" },
    },
  ],
  run(args, { io }) {
    if (args.positionals.length === 0) return usageError(io, "check", `no files given; usage: apol check ${check.usage}`);
    const json = args.values.get("format") === "json";
    const found: JsonDiagnostic[] = [];
    let errors = 0;
    let warnings = 0;
    let checked = 0;
    let unreadable = 0;
    for (const file of args.positionals) {
      const read = readSource(file);
      if (!read.ok) {
        io.stderr.write(`apol: ${read.message}\n`);
        unreadable++;
        continue;
      }
      checked++;
      const source = renderSource(file, read.text);
      // Later stages report nothing new; stopping after `check` keeps `apol check` fast on big policies.
      const { diagnostics } = runPipeline(read.text, file, "check");
      errors += count(diagnostics, "error");
      warnings += count(diagnostics, "warning");
      for (const d of diagnostics) {
        if (json) found.push(diagnosticToJson(d, source));
        else io.stdout.write(`${renderDiagnostic(d, source, { color: io.stdout.color })}\n\n`);
      }
    }
    if (json) io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    else io.stderr.write(`${summary(errors, warnings, checked, unreadable)}\n`);
    return unreadable > 0 ? exit.trouble : errors > 0 ? exit.problems : exit.ok;
  },
};

function count(diagnostics: readonly Diagnostic[], severity: Diagnostic["severity"]): number {
  return diagnostics.filter((d) => d.severity === severity).length;
}

/** E.g. `2 errors, 1 warning in 3 files`, or `no errors in 1 file`. */
function summary(errors: number, warnings: number, checked: number, unreadable: number): string {
  const found = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter((s) => s !== "");
  const head = `${found.length > 0 ? found.join(", ") : "no errors"} in ${plural(checked, "file")}`;
  return unreadable > 0 ? `${head}; ${plural(unreadable, "file")} could not be read` : head;
}
