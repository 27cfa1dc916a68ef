// The files `check`, `lint` and `compile` are given: folders recursed into for `*.apol`, `-` for stdin, and a policy paired with its `NAME.test.apol`.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { policyPathOf, testPathOf } from "@apol/compiler";
import { readSource, type ReadResult } from "./files.js";

/** The name stdin's text is reported under. */
export const STDIN = "<stdin>";

/** The policies the operands name, and a message for each folder that holds none. */
export interface Operands {
  readonly policies: readonly string[];
  readonly empty: readonly string[];
}

/**
 * The policies the operands name, each once, in order: a folder stands for every `*.apol` file under it (sorted, recursively,
 * skipping `node_modules` and hidden folders), `NAME.test.apol` for `NAME.apol`, `-` for stdin (as `<stdin>`).
 */
export function policyOperands(operands: readonly string[]): Operands {
  const policies = new Set<string>();
  const empty: string[] = [];
  for (const operand of operands) {
    if (operand === "-") policies.add(STDIN);
    else if (isFolder(operand)) {
      const files = apolFiles(operand);
      if (files.length === 0) empty.push(`no \`.apol\` files in the folder \`${operand}\``);
      for (const file of files) policies.add(policyPathOf(file));
    } else policies.add(policyPathOf(operand));
  }
  return { policies: [...policies], empty };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function apolFiles(folder: string): string[] {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith(".") || entry.name === "node_modules" ? [] : apolFiles(path);
    return entry.name.endsWith(".apol") ? [path] : [];
  });
}

/** A policy's text and, when `NAME.test.apol` exists beside it, the test file's. */
export type PolicySource =
  | { readonly ok: true; readonly file: string; readonly text: string; readonly tests?: { readonly file: string; readonly text: string } }
  | { readonly ok: false; readonly message: string };

/** Reads a policy named by `policyOperands` and its test file; stdin has none. */
export function readPolicy(file: string): PolicySource {
  const read = file === STDIN ? readStdin() : readSource(file);
  if (!read.ok) return read;
  const testFile = testPathOf(file);
  if (file === STDIN || !existsSync(testFile)) return { ok: true, file, text: read.text };
  const tests = readSource(testFile);
  return tests.ok ? { ok: true, file, text: read.text, tests: { file: testFile, text: tests.text } } : tests;
}

function readStdin(): ReadResult {
  try {
    return { ok: true, text: readFileSync(0, "utf8") };
  } catch (error) {
    return { ok: false, message: `cannot read stdin: ${error instanceof Error ? error.message : String(error)}` };
  }
}
