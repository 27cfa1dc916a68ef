// `apol lint`: checks each policy and reports rules that can never decide anything (unsatisfiable, duplicated or shadowed).
import { diagnosticToJson, renderDiagnostic, renderSource, type JsonDiagnostic } from "../diagnostics/render.js";
import { lintSource } from "../lint/lint-source.js";
import { exit, plural, usageError, type Command } from "./command.js";
import { readSource } from "./files.js";

/** The `lint` command. */
export const lint: Command = {
  name: "lint",
  summary: "find rules that can never decide anything",
  usage: "FILE... [--format text|json]",
  description: [
    "Checks each FILE and, when it has no errors, looks for rules that never decide a call: a `when` no call satisfies,",
    "a rule repeating an earlier one, an `allow` or `review` that a `deny` overrides on every call it matches.",
    "A finding is a proof: where the analysis cannot decide, it says nothing.",
    "Exits with 1 if a file has errors or lint findings, 2 if a file cannot be read.",
  ],
  options: [{ name: "format", description: "how to print findings", value: { name: "FORMAT", choices: ["text", "json"], default: "text" } }],
  run(args, { io }) {
    if (args.positionals.length === 0) return usageError(io, "lint", `no files given; usage: apol lint ${lint.usage}`);
    const json = args.values.get("format") === "json";
    const found: JsonDiagnostic[] = [];
    let problems = 0;
    let unreadable = 0;
    for (const file of args.positionals) {
      const read = readSource(file);
      if (!read.ok) {
        io.stderr.write(`apol: ${read.message}\n`);
        unreadable++;
        continue;
      }
      const source = renderSource(file, read.text);
      const { diagnostics, findings } = lintSource(read.text, file);
      // Unused declarations and the like are `apol check`'s to report; lint prints errors (it cannot lint then) and its findings.
      const shown = findings.length > 0 ? findings.map((f) => f.diagnostic) : diagnostics.filter((d) => d.severity === "error");
      problems += shown.length;
      for (const d of shown) {
        if (json) found.push(diagnosticToJson(d, source));
        else io.stdout.write(`${renderDiagnostic(d, source, { color: io.stdout.color })}\n\n`);
      }
    }
    if (json) io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    else io.stderr.write(`${problems === 0 ? "no findings" : plural(problems, "finding")} in ${plural(args.positionals.length - unreadable, "file")}\n`);
    return unreadable > 0 ? exit.trouble : problems > 0 ? exit.problems : exit.ok;
  },
};
