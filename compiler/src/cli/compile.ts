// `apol compile`: writes each policy's generated ES module and its type declarations.
import { mkdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { exit, usageError, type Command } from "./command.js";
import { compileFile } from "./compile-file.js";
import { writeSource } from "./files.js";

/** The `compile` command. */
export const compile: Command = {
  name: "compile",
  summary: "compile policies to JavaScript modules with type declarations",
  usage: "FILE... [--out DIR] [--runtime-import SPECIFIER]",
  description: [
    "Compiles each FILE to NAME.js and NAME.d.ts (NAME is the file's base name), beside the file or in DIR.",
    "The module exports `evaluate`, `rules`, `tools`, `policy` and `policyHash`; load it with `createEnforcer` from `@apol/runtime`.",
    "Exits with 1 if any file has errors (nothing is written for it), 2 if a file cannot be read or written.",
  ],
  options: [
    { name: "out", short: "o", description: "the folder to write modules to (created if missing)", value: { name: "DIR" } },
    { name: "runtime-import", description: "where generated modules import their helpers from", value: { name: "SPECIFIER", default: "@apol/runtime/ops" } },
  ],
  run(args, { io }) {
    if (args.positionals.length === 0) return usageError(io, "compile", `no files given; usage: apol compile ${compile.usage}`);
    const out = args.values.get("out");
    const runtimeImport = args.values.get("runtime-import");
    let status: number = exit.ok;
    let written = 0;
    for (const file of args.positionals) {
      const compiled = compileFile(file, io, "emit", runtimeImport === undefined ? {} : { runtimeImport });
      if (!compiled.ok) {
        status = Math.max(status, compiled.exitCode);
        continue;
      }
      const emitted = compiled.result.outputs.emit;
      if (!emitted) continue;
      const dir = out ?? dirname(file);
      const name = basename(file).replace(/\.apol$/, "");
      try {
        mkdirSync(dir, { recursive: true });
      } catch {
        io.stderr.write(`apol: cannot create folder \`${dir}\`\n`);
        return exit.trouble;
      }
      for (const [path, text] of [[join(dir, `${name}.js`), emitted.js], [join(dir, `${name}.d.ts`), emitted.dts]] as const) {
        const problem = writeSource(path, text);
        if (problem) {
          io.stderr.write(`apol: ${problem}\n`);
          return exit.trouble;
        }
        io.stdout.write(`${path}\n`);
      }
      written++;
    }
    io.stderr.write(`compiled ${written} ${written === 1 ? "policy" : "policies"}\n`);
    return status;
  },
};
