// `apol explain --stage NAME`: prints what one compiler stage produces for a policy.
import { stageNames, type StageName, stagePrinters } from "@apol/compiler";
import { exit, usageError, type Command } from "./command.js";
import { compileFile } from "./compile-file.js";

/** The `explain` command. */
export const explain: Command = {
  name: "explain",
  summary: "print the output of one compiler stage",
  usage: `--stage ${stageNames.join("|")} FILE`,
  description: [
    "Runs the pipeline on FILE up to the named stage and prints that stage's output as stable text:",
    "the canonical source (parse), the symbol table (resolve), the checked rules (check), the decision tree",
    "before and after optimization (lower, optimize), or the generated JavaScript (emit).",
  ],
  options: [{ name: "stage", description: "the stage to print", value: { name: "STAGE", choices: stageNames, default: "optimize" } }],
  run(args, { io }) {
    const [file, ...extra] = args.positionals;
    if (file === undefined || extra.length > 0) return usageError(io, "explain", `give exactly one file; usage: apol explain ${explain.usage}`);
    const stage = (args.values.get("stage") ?? "optimize") as StageName;
    const compiled = compileFile(file, io, stage);
    if (!compiled.ok) return compiled.exitCode;
    io.stdout.write(stagePrinters[stage](compiled.result.outputs, compiled.text));
    return exit.ok;
  },
};
