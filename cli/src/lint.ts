// `apol lint`: checks each policy and reports what can never decide anything: unsatisfiable, duplicated and shadowed rules, dead tools, targets that cover no tool, and sums a negative call can lower.
import { lintSource } from "@apol/compiler";
import { exit, plural, usageError, type Command } from "./command.js";
import { diagnosticFormats, type DiagnosticFormat } from "./diagnostic-formats.js";
import { reportFiles } from "./report-files.js";

/** The `lint` command. */
export const lint: Command = {
  name: "lint",
  summary: "find rules that can never decide anything",
  usage: "FILE|DIR|-... [--format text|json|github|sarif]",
  description: [
    "A folder stands for every `*.apol` file under it (recursively), `-` for stdin. A policy is checked with its",
    "`NAME.test.apol` appended, as `apol test` does, and naming either file checks both.",
    "Checks each FILE and, when it has no errors, looks for rules that never decide a call: a `when` no call satisfies,",
    "a rule repeating an earlier one, an `allow` or `review` that a `deny` overrides on every call it matches.",
    "A finding is a proof: where the analysis cannot decide, it says nothing.",
    "Exits with 1 if a file has errors or lint findings, 2 if a file cannot be read.",
  ],
  options: [{ name: "format", description: "how to print findings", value: { name: "FORMAT", choices: diagnosticFormats, default: "text" } }],
  run(args, { io }) {
    if (args.positionals.length === 0) return usageError(io, "lint", `no files given; usage: apol lint ${lint.usage}`);
    const format = (args.values.get("format") ?? "text") as DiagnosticFormat;
    const report = reportFiles(args.positionals, io, format, (text, file) => {
      const { diagnostics, findings } = lintSource(text, file);
      // Unused declarations and the like are `apol check`'s to report; lint prints errors (it cannot lint then) and its findings.
      return findings.length > 0 ? findings.map((f) => f.diagnostic) : diagnostics.filter((d) => d.severity === "error");
    });
    const problems = report.printed.length;
    if (format === "text") io.stderr.write(`${problems === 0 ? "no findings" : plural(problems, "finding")} in ${plural(report.read, "file")}\n`);
    return report.unreadable > 0 ? exit.trouble : problems > 0 ? exit.problems : exit.ok;
  },
};
