// Where `apol: Compile current policy` writes a policy's module: beside the policy, or in the folder `apol.compile.outDir` names.
import { basename, dirname, isAbsolute, join, resolve } from "node:path";

/** The generated files of one policy. */
export interface CompileTarget {
  readonly dir: string;
  readonly js: string;
  readonly dts: string;
}

/**
 * NAME.js and NAME.d.ts for the policy `file` (NAME is its base name without `.apol`), as `apol compile` names them.
 * `outDir` empty: beside the policy. Relative: against `root` (the workspace folder), or the policy's folder without one.
 */
export function compileTarget(file: string, outDir: string, root: string | undefined): CompileTarget {
  const name = basename(file).replace(/\.apol$/, "");
  const trimmed = outDir.trim();
  const dir = trimmed === "" ? dirname(file) : isAbsolute(trimmed) ? trimmed : resolve(root ?? dirname(file), trimmed);
  return { dir, js: join(dir, `${name}.js`), dts: join(dir, `${name}.d.ts`) };
}
