// `apol debug stages --stage NAME FILE`: prints what one compiler stage produces for a policy, for people working on the compiler.
import { stageNames, type StageName, stagePrinters } from "@apol/compiler";
import { exit, usageError, type Command } from "./command.js";
import { compileFile } from "./compile-file.js";

/** The `debug` command: its one subcommand, `stages`, prints a compiler stage. */
export const debug: Command = {
  name: "debug",
  summary: "print the output of one compiler stage (`debug stages`)",
  usage: `stages --stage ${stageNames.join("|")} FILE`,
  description: [
    "`apol debug stages` runs the pipeline on FILE up to the named stage and prints that stage's output as stable text:",
    "the canonical source (parse), the symbol table (resolve), the checked rules (check), the decision tree",
    "before and after optimization (lower, optimize), or the generated JavaScript (emit).",
    "To see how a policy decides a request, rule by rule, use `apol eval --explain`.",
  ],
  options: [{ name: "stage", description: "the stage to print", value: { name: "STAGE", choices: stageNames, default: "optimize" } }],
  run(args, { io }) {
    const [subcommand, file, ...extra] = args.positionals;
    if (subcommand !== "stages" || file === undefined || extra.length > 0)
      return usageError(io, "debug", `give \`stages\` and exactly one file; usage: apol debug ${debug.usage}`);
    const stage = (args.values.get("stage") ?? "optimize") as StageName;
    const compiled = compileFile(file, io, stage);
    if (!compiled.ok) return compiled.exitCode;
    io.stdout.write(stagePrinters[stage](compiled.result.outputs, compiled.text));
    return exit.ok;
  },
};
