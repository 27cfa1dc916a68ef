// A policy's source compiled in memory into the module an enforcer takes, for tests that build their own policy.
import type { PolicyModule } from "@apol/runtime";
import { compileAndImport } from "../../compiler/src/compile-and-import.js";

/** The policy's compiled module; a policy that does not compile fails the test with its errors. */
export async function compiledModule(source: string, file: string): Promise<PolicyModule> {
  const loaded = await compileAndImport(source, file);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
  return loaded.module;
}
