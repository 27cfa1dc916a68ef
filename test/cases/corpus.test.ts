// Runs every diagnostics case under test/cases (or rewrites them with `npm run test:update`), then checks the corpus covers the catalogue.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allCodes } from "../../compiler/src/diagnostics/codes.js";
import { loadCase } from "../harness/case-file.js";
import { caseFiles, checkCase, goldenMode, loadOrThrow, updateCase } from "../harness/corpus.js";

const root = fileURLToPath(new URL(".", import.meta.url));
const files = caseFiles(root);
const mode = goldenMode();

describe("diagnostics corpus", () => {
  for (const file of files) {
    const name = relative(root, file);
    // A pending case states the output the compiler should give; until it does, the case must fail.
    // A file that does not load is never pending: the test then fails with the loader's errors.
    const loaded = loadCase(file, mode);
    const pending = loaded.ok && loaded.case.pending !== undefined;
    if (mode === "update") (pending ? it.skip : it)(name, () => void updateCase(file));
    else (pending ? it.fails : it)(name, () => checkCase(file, root));
  }
});

// Runs after the cases (vitest keeps file order), so in update mode it sees the rewritten files.
describe("corpus coverage", () => {
  const settled = () => files.map((file) => loadOrThrow(file, "check")).filter((c) => c.pending === undefined);

  it("has a settled case expecting each code of the catalogue", () => {
    // `apol/too-large` needs a source over 1 MiB, too big for a case file: test/properties/limits.test.ts checks it to the span.
    const covered = new Set(["apol/too-large", ...settled().flatMap((c) => (c.diagnostics ?? []).map((d) => d.code))]);
    expect(allCodes.filter((code) => !covered.has(code))).toEqual([]);
  });

  it("has at least 100 settled cases, of which at least 10 are clean", () => {
    const cases = settled();
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.filter((c) => c.diagnostics?.length === 0).length).toBeGreaterThanOrEqual(10);
  });
});
