// `apol compile`: writes each policy's generated ES module and its type declarations.
import { mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { exit, usageError, type Command } from "./command.js";
import { toolJsonSchemas } from "@apol/compiler";
import { compileFile } from "./compile-file.js";
import { policyOperands, STDIN } from "./operands.js";
import { writeOutput } from "./files.js";

/** The `compile` command. */
export const compile: Command = {
  name: "compile",
  summary: "compile policies to JavaScript modules with type declarations",
  usage: "FILE|DIR... [--out DIR] [--runtime-import SPECIFIER] [--schemas]",
  description: [
    "Compiles each FILE to NAME.js and NAME.d.ts (NAME is the file's base name), beside the file or in DIR.",
    "A folder stands for every `*.apol` file under it; `NAME.test.apol` for `NAME.apol` (tests are not compiled into the module).",
    "The module exports `evaluate`, `redact`, `redactions`, `rules`, `tools`, `needs`, `policy`, `policyHash` and `timezone`;",
    "load it with `createEnforcer` from `@apol/runtime`.",
    "With --schemas, also NAME.schemas.json: each tool's arguments as a JSON Schema, to derive an agent SDK's tool definitions from.",
    "Two FILEs that would write the same NAME.js are refused before anything is written, and so is a symbolic link at an output path.",
    "Exits with 1 if any file has errors (nothing is written for it), 2 if a file cannot be read or written.",
  ],
  options: [
    { name: "out", short: "o", description: "the folder to write modules to (created if missing)", value: { name: "DIR" } },
    { name: "runtime-import", description: "where generated modules import their helpers from", value: { name: "SPECIFIER", default: "@apol/runtime/ops" } },
    { name: "schemas", description: "also write NAME.schemas.json, each tool's arguments as a JSON Schema" },
  ],
  run(args, { io }) {
    if (args.positionals.length === 0) return usageError(io, "compile", `no files given; usage: apol compile ${compile.usage}`);
    // A test file names its policy (tests are not compiled into the module); a folder, every policy under it.
    const { policies: files, empty } = policyOperands(args.positionals);
    if (empty.length > 0) {
      io.stderr.write(empty.map((message) => `apol: ${message}\n`).join(""));
      return exit.trouble;
    }
    if (files.includes(STDIN)) return usageError(io, "compile", "`-` is not accepted: the policy's file name names its output");
    const out = args.values.get("out");
    const runtimeImport = args.values.get("runtime-import");
    const collision = collidingOutputs(files, out);
    if (collision) {
      io.stderr.write(`apol: ${collision}\n`);
      return exit.trouble;
    }
    let status: number = exit.ok;
    let written = 0;
    for (const file of files) {
      const compiled = compileFile(file, io, "emit", runtimeImport === undefined ? {} : { runtimeImport });
      if (!compiled.ok) {
        status = Math.max(status, compiled.exitCode);
        continue;
      }
      const emitted = compiled.result.outputs.emit;
      if (!emitted) continue;
      const dir = out ?? dirname(file);
      const name = outputName(file);
      try {
        mkdirSync(dir, { recursive: true });
      } catch {
        io.stderr.write(`apol: cannot create folder \`${dir}\`\n`);
        return exit.trouble;
      }
      const outputs: [string, string][] = [
        [join(dir, `${name}.js`), emitted.js],
        [join(dir, `${name}.d.ts`), emitted.dts],
      ];
      const checked = compiled.result.outputs.check;
      if (args.flags.has("schemas") && checked) outputs.push([join(dir, `${name}.schemas.json`), `${JSON.stringify(toolJsonSchemas(checked), null, 2)}\n`]);
      for (const [path, text] of outputs) {
        const problem = writeOutput(path, text);
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

/** The base name of a policy's outputs: `a/x.apol` compiles to `x.js` and `x.d.ts`. */
function outputName(file: string): string {
  return basename(file).replace(/\.apol$/, "");
}

/**
 * Why two different input files would write the same output (`a/x.apol` and `b/x.apol` with
 * `--out out` both make `out/x.js`), or `undefined`. Checked before anything is written, so
 * one policy's module never silently replaces another's.
 */
function collidingOutputs(files: readonly string[], out: string | undefined): string | undefined {
  const byOutput = new Map<string, string>();
  for (const file of files) {
    const output = join(out ?? dirname(file), `${outputName(file)}.js`);
    const key = resolve(output);
    const earlier = byOutput.get(key);
    if (earlier !== undefined && resolve(earlier) !== resolve(file)) {
      return `\`${earlier}\` and \`${file}\` would both compile to \`${output}\`; compile them separately with different --out folders, or rename one`;
    }
    byOutput.set(key, file);
  }
  return undefined;
}
