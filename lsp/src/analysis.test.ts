import { describe, expect, it } from "vitest";
import { LineIndex } from "@apol/compiler";
import { analyze, hasErrors, inDocument, ownDeclarations } from "./analysis.js";
import { toPosition } from "./positions.js";
import { bankPolicy, bankTests } from "./test-support/fixtures.js";

const policyUri = "file:///w/bank.apol";
const testsUri = "file:///w/bank.test.apol";

describe("analysis", () => {
  it("analyzes a document alone: its text, from offset 0", () => {
    const analysis = analyze(policyUri, 3, bankPolicy);
    expect([analysis.text, analysis.boundary, analysis.policy, analysis.diagnostics]).toEqual([bankPolicy, 0, undefined, []]);
    expect(analysis.index).toBeInstanceOf(LineIndex);
    expect(ownDeclarations(analysis)).toBe(analysis.ast.declarations);
  });

  it("analyzes a test file after its policy's text, as `apol test` checks it", () => {
    const analysis = analyze(testsUri, 2, bankTests, { uri: policyUri, text: bankPolicy });
    expect(analysis.text).toBe(`${bankPolicy}\n${bankTests}`);
    expect(analysis.boundary).toBe(bankPolicy.length + 1);
    expect(analysis.version).toBe(2);
    expect(analysis.diagnostics).toEqual([]);
    expect([...analysis.checked.symbols.tools.keys()]).toEqual(["send_money", "send_email"]);
    // Its own declarations are its two tests; the policy's test is the policy's.
    expect(ownDeclarations(analysis).map((d) => d.kind === "TestDecl" && d.title.value)).toEqual([
      "a teller sends a small amount",
      "an admin's large transfer needs approval",
    ]);
    expect(analysis.policy?.uri).toBe(policyUri);
    const call = analysis.text.indexOf("call send_money", analysis.boundary);
    expect(toPosition(analysis.index, call)).toEqual({ line: 3, character: 2 });
    expect(inDocument(analysis, { start: call, end: call + 4 })).toBe(true);
    expect(inDocument(analysis, { start: 0, end: 6 })).toBe(false);
  });

  it("counts the policy's errors as the test file's analysis's, since its tests cannot run", () => {
    const analysis = analyze(testsUri, 1, bankTests, { uri: policyUri, text: bankPolicy.replace("rule cap {", "rule cap {{") });
    expect(hasErrors(analysis)).toBe(true);
    expect(analysis.diagnostics.every((d) => !inDocument(analysis, d.span))).toBe(true);
  });

  it("analyzes a test file without its policy alone, with one diagnostic instead of every name unknown", () => {
    const analysis = analyze(testsUri, 1, bankTests, { uri: policyUri, text: undefined });
    expect([analysis.text, analysis.boundary, analysis.policy]).toEqual([bankTests, 0, { uri: policyUri, index: undefined }]);
    expect(analysis.diagnostics.map((d) => [d.code, d.span, d.message])).toEqual([
      ["apol/missing-policy", { start: 0, end: 0 }, "no policy `bank.apol` beside this test file"],
    ]);
    expect(ownDeclarations(analysis).length).toBe(2);
  });
});
