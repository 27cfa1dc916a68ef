// A policy's source compiled in memory into the module an enforcer takes, for tests that build their own policy.
import type { PolicyModule } from "@apol/runtime";
import { compileAndImport } from "../../compiler/src/compile-and-import.js";

type Options = Parameters<typeof compileAndImport>[2];

/** The policy's compiled module; a policy that does not compile fails the test with its errors. */
export async function compiledModule(source: string, file: string, options: Options = {}): Promise<PolicyModule> {
  return (await compiled(source, file, options)).module;
}

/**
 * The compiled module's code as a `data:` URL, for worker processes: importing it is all a worker does, where loading the
 * compiler (through tsx) would cost each one seconds of CPU. The module imports the runtime by absolute URL, so it loads anywhere.
 */
export async function compiledModuleUrl(source: string, file: string, options: Options = {}): Promise<string> {
  return `data:text/javascript;base64,${Buffer.from((await compiled(source, file, options)).js, "utf8").toString("base64")}`;
}

async function compiled(source: string, file: string, options: Options) {
  const loaded = await compileAndImport(source, file, options);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
  return loaded;
}
