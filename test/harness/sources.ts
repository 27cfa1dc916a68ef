// The policy texts the property tests run over: every corpus case's source and every example policy, by name.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCase } from "./case-file.js";
import { caseFiles } from "./corpus.js";

const root = join(import.meta.dirname, "..", "..");

/** Every loadable `test/cases` source, then every `examples/*.apol`, named by path (cases) or file name (examples). */
export function policySources(): { readonly name: string; readonly text: string }[] {
  return [
    ...caseFiles(join(root, "test", "cases")).flatMap((file) => {
      const loaded = loadCase(file);
      return loaded.ok ? [{ name: file, text: loaded.case.source }] : [];
    }),
    ...readdirSync(join(root, "examples"))
      .filter((name) => name.endsWith(".apol"))
      .map((name) => ({ name, text: readFileSync(join(root, "examples", name), "utf8") })),
  ];
}
