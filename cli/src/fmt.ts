// `apol fmt`: prints, checks or rewrites policy files in the canonical layout.
import { hasErrors, renderDiagnostic, renderSource, format } from "@apol/compiler";
import { createTwoFilesPatch } from "diff";
import { exit, plural, usageError, type Command } from "./command.js";
import { readSource, writeSource } from "./files.js";

/** The `fmt` command. */
export const fmt: Command = {
  name: "fmt",
  summary: "format policy files in the canonical layout",
  usage: "FILE... [--check | --diff | --write]",
  description: [
    "Without options, prints the formatted text of one FILE on stdout.",
    "With `--check`, changes nothing, lists the files that are not formatted and exits with 1 if there are any.",
    "With `--diff`, does the same but prints each such file's changes as a unified diff (`patch -p0` applies it).",
    "With `--write`, rewrites the files that are not formatted and lists them.",
    "A file with syntax errors is left alone: its errors are printed and apol exits with 1.",
  ],
  options: [
    { name: "check", description: "list the files that would change, and fail if any would" },
    { name: "diff", description: "as --check, printing the changes as a unified diff" },
    { name: "write", description: "rewrite the files in place and list the ones that changed" },
  ],
  run(args, { io }) {
    const files = args.positionals;
    const diff = args.flags.has("diff");
    const checkOnly = args.flags.has("check") || diff;
    const write = args.flags.has("write");
    if (checkOnly && write) return usageError(io, "fmt", `\`${diff ? "--diff" : "--check"}\` and \`--write\` cannot be used together`);
    if (files.length === 0) return usageError(io, "fmt", `no files given; usage: apol fmt ${fmt.usage}`);
    if (!checkOnly && !write && files.length > 1) {
      return usageError(io, "fmt", "without `--check` or `--write`, apol fmt prints one file; use `--write` to format several");
    }
    const counts: Counts = { parsed: 0, changed: 0, broken: 0, unreadable: 0, unwritable: 0 };
    for (const file of files) {
      const read = readSource(file);
      if (!read.ok) {
        io.stderr.write(`apol: ${read.message}\n`);
        counts.unreadable++;
        continue;
      }
      const result = format(read.text);
      const source = renderSource(file, read.text);
      for (const d of result.diagnostics) io.stderr.write(`${renderDiagnostic(d, source, { color: io.stderr.color })}\n\n`);
      if (hasErrors(result.diagnostics)) {
        counts.broken++;
        continue;
      }
      counts.parsed++;
      if (!checkOnly && !write) io.stdout.write(result.text);
      if (!result.changed || !(checkOnly || write)) continue;
      const failure = write ? writeSource(file, result.text) : undefined;
      if (failure !== undefined) {
        io.stderr.write(`apol: ${failure}\n`);
        counts.unwritable++;
        continue;
      }
      counts.changed++;
      io.stdout.write(
        diff ? createTwoFilesPatch(file, file, read.text, result.text, undefined, undefined, { context: 3 }).replace(/^[^]*?(?=^--- )/m, "") : `${file}\n`,
      );
    }
    if (checkOnly || write) io.stderr.write(`${summary(counts, checkOnly)}\n`);
    if (counts.unreadable + counts.unwritable > 0) return exit.trouble;
    return counts.broken > 0 || (checkOnly && counts.changed > 0) ? exit.problems : exit.ok;
  },
};

/** What happened to the files of one run: `parsed` ones could be formatted, `changed` ones were (or would be). */
interface Counts {
  parsed: number;
  changed: number;
  broken: number;
  unreadable: number;
  unwritable: number;
}

/** E.g. `1 of 3 files would be reformatted; syntax errors in 1 file`. */
function summary(counts: Counts, checkOnly: boolean): string {
  const of = `${counts.changed} of ${plural(counts.parsed, "file")}`;
  return [
    checkOnly ? `${of} would be reformatted` : `reformatted ${of}`,
    counts.broken > 0 ? `syntax errors in ${plural(counts.broken, "file")}` : "",
    counts.unreadable > 0 ? `${plural(counts.unreadable, "file")} could not be read` : "",
    counts.unwritable > 0 ? `${plural(counts.unwritable, "file")} could not be written` : "",
  ]
    .filter((part) => part !== "")
    .join("; ");
}
