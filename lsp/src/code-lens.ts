// Code lenses: one over each `test` block naming the test and the effects it expects (running tests comes later).
import type { CodeLens } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { toRange } from "./positions.js";
import { expectsOf } from "./symbols.js";

/**
 * A lens per test. Its command id is empty: editors show such a lens as a plain label, and
 * nothing runs, since running tests is not available yet.
 */
export function codeLenses(analysis: Analysis): CodeLens[] {
  return analysis.ast.declarations.flatMap((decl) =>
    decl.kind === "TestDecl" ? [{ range: toRange(analysis.index, decl.title.span), command: { title: `▶ test ${decl.title.raw}: ${expectsOf(decl)}`, command: "" } }] : [],
  );
}
