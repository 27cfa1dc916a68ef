// `apol check`: runs the front end (parse, resolve, check) and, on a file without errors, the lints, and prints every diagnostic they report.
import { type Diagnostic, lintSource, runPipeline } from "@apol/compiler";
import { exit, plural, usageError, type Command } from "./command.js";
import { diagnosticFormats, type DiagnosticFormat } from "./diagnostic-formats.js";
import { reportFiles } from "./report-files.js";

/** The `check` command. */
export const check: Command = {
  name: "check",
  summary: "report every error and warning in policy files",
  usage: "FILE|DIR|-... [--format text|json|github|sarif] [--no-lint] [--fix]",
  description: [
    "A folder stands for every `*.apol` file under it (recursively), `-` for stdin. A policy is checked with its",
    "`NAME.test.apol` appended, as `apol test` does, and naming either file checks both.",
    "Runs every compiler stage on each FILE and prints what it finds, with the source line and a caret under the problem.",
    "A file without errors is also linted: the findings of `apol lint` are printed as warnings.",
    "Exits with 1 if any file has an error; warnings are printed but do not fail.",
    "With `--format json`, prints one JSON array of all diagnostics (1-based lines, UTF-16 columns); with `github`,",
    "one GitHub Actions annotation a diagnostic (shown on the pull request); with `sarif`, a SARIF 2.1.0 log for code scanning.",
    "With `--fix`, first applies every fix the diagnostics carry (the quick fixes an editor offers: did-you-mean names,",
    "missing quotes, ...) to the files, lists each on stderr, then reports what is left. Review the change before committing it.",
  ],
  options: [
    {
      name: "format",
      description: "how to print diagnostics",
      value: { name: "FORMAT", choices: diagnosticFormats, default: "text" },
    },
    { name: "no-lint", description: "skip the lints; report only what the compiler finds" },
    { name: "fix", description: "apply every fix the diagnostics carry to the files, then report the rest" },
  ],
  run(args, { io }) {
    if (args.positionals.length === 0) return usageError(io, "check", `no files given; usage: apol check ${check.usage}`);
    const format = (args.values.get("format") ?? "text") as DiagnosticFormat;
    // Later stages report nothing new; stopping after `check` keeps `apol check` fast on big policies.
    const diagnose = args.flags.has("no-lint")
      ? (text: string, file: string) => runPipeline(text, file, "check").diagnostics
      : (text: string, file: string) => lintSource(text, file).diagnostics;
    const fix = args.flags.has("fix");
    if (fix && args.positionals.includes("-")) return usageError(io, "check", "`--fix` rewrites files: it cannot fix stdin (`-`)");
    const report = reportFiles(args.positionals, io, format, diagnose, fix);
    const errors = count(report.printed, "error");
    if (format === "text") io.stderr.write(`${summary(errors, count(report.printed, "warning"), report.read, report.unreadable)}\n`);
    return report.unreadable > 0 ? exit.trouble : errors > 0 ? exit.problems : exit.ok;
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
