// Runs corpus cases: compares a case with the compiler's output, or (update mode) rewrites its expectations from it.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { isExhaustive, loadCase, type Case, type LoadMode } from "./case-file.js";
import { compareDiagnostics } from "./compare.js";
import { observe, type ExpectedDiagnostic } from "./observed.js";
import { stringifyCase } from "./write-case.js";

/** `update` when `APOL_UPDATE_GOLDENS=1` (`npm run test:update`): cases are rewritten instead of checked. */
export function goldenMode(env: NodeJS.ProcessEnv = process.env): LoadMode {
  return env["APOL_UPDATE_GOLDENS"] === "1" ? "update" : "check";
}

/** Every `.yaml` file under `root`, recursively, sorted so runs and reports are stable. */
export function caseFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Loads a case or throws one error listing every problem in the file. */
export function loadOrThrow(path: string, mode: LoadMode): Case {
  const loaded = loadCase(path, mode);
  if (!loaded.ok) throw new Error(`invalid case file:\n${loaded.errors.map((e) => `  ${e}`).join("\n")}`);
  return loaded.case;
}

/** Checks one case: its expectations must equal what the compiler reports, field by field. */
export function checkCase(path: string, root: string): void {
  const c = loadOrThrow(path, "check");
  const { expected, actual } = compareDiagnostics(c.diagnostics ?? [], observe(c.source), isExhaustive(c));
  expect(
    actual,
    `${relative(root, path)}: the compiler's diagnostics differ from the case. If the new output is right, run \`npm run test:update\` and review the diff`,
  ).toEqual(expected);
}

/**
 * Rewrites one case's `diagnostics` from the compiler's output, keeping everything else. A
 * non-exhaustive case keeps its selection: each expectation is replaced by the diagnostic it pairs
 * with, and one that pairs with nothing is kept (and keeps failing). A pending case is left alone:
 * its expectations are what the compiler should say, not what it says. Returns whether the file changed.
 */
export function updateCase(path: string): boolean {
  const c = loadOrThrow(path, "update");
  if (c.pending !== undefined) return false;
  const observed = observe(c.source);
  const diagnostics = isExhaustive(c) ? observed : keepSelection(c.diagnostics ?? [], observed);
  const text = stringifyCase({ ...c, diagnostics });
  if (text === readFileSync(path, "utf8")) return false;
  writeFileSync(path, text);
  return true;
}

/** A non-exhaustive case's expectations, each replaced by the observed diagnostic it pairs with. */
function keepSelection(expected: readonly ExpectedDiagnostic[], observed: readonly ExpectedDiagnostic[]): ExpectedDiagnostic[] {
  const { pairs } = compareDiagnostics(expected, observed, false);
  return expected.map((e, i) => pairs[i] ?? e);
}
