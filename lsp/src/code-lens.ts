// Code lenses: "run all tests" over the policy's name, over each `test` block "run test" and the effects it expects, and over each `call` "evaluate".
import type { Ast } from "@apol/compiler";
import type { CodeLens } from "vscode-languageserver";
import { ownDeclarations, type Analysis } from "./analysis.js";
import { toRange } from "./positions.js";
import { expectsOf } from "./symbols.js";
import { evaluateCallCommand, runTestsCommand } from "./test-runs.js";

/**
 * The lenses of a document with tests: one running them all on the `policy` header (on the
 * first test without a header, as in a test file), and per test one running it and one listing
 * the effects it expects. That last one has an empty command id: editors show it as a plain label.
 */
export function codeLenses(analysis: Analysis): CodeLens[] {
  const declarations = ownDeclarations(analysis);
  const tests = declarations.filter((d): d is Ast.TestDecl => d.kind === "TestDecl");
  const [first] = tests;
  if (first === undefined) return [];
  const header = declarations.find((d): d is Ast.PolicyHeader => d.kind === "PolicyHeader");
  const uri = analysis.uri;
  return [
    { range: toRange(analysis.index, (header?.name ?? first.title).span), command: { title: "▶ run all tests", command: runTestsCommand, arguments: [uri] } },
    ...tests.flatMap((test) => {
      const range = toRange(analysis.index, test.title.span);
      return [
        { range, command: { title: "▶ run test", command: runTestsCommand, arguments: [uri, test.title.value] } },
        { range, command: { title: expectsOf(test), command: "" } },
        ...test.statements
          .filter((statement) => statement.kind === "call")
          .map((call) => ({
            range: toRange(analysis.index, call.span),
            command: { title: "▶ evaluate", command: evaluateCallCommand, arguments: [uri, test.title.value, call.span.start] },
          })),
      ];
    }),
  ];
}
