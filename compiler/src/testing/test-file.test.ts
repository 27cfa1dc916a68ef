import { describe, expect, it } from "vitest";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { combineSources, policyPathOf, splitDiagnostics, testPathOf } from "./test-file.js";

describe("test files", () => {
  it("pair `NAME.apol` with `NAME.test.apol` both ways", () => {
    expect(policyPathOf("examples/banking.test.apol")).toBe("examples/banking.apol");
    expect(policyPathOf("examples/banking.apol")).toBe("examples/banking.apol");
    expect(testPathOf("examples/banking.apol")).toBe("examples/banking.test.apol");
  });

  it("append the tests after a line break, so a policy without a final newline cannot run into them", () => {
    expect(combineSources("policy p", 'test "t" {}')).toEqual({ text: 'policy p\ntest "t" {}', boundary: 9 });
    expect(combineSources("policy p\n", undefined)).toEqual({ text: "policy p\n", boundary: 9 });
  });

  it("move diagnostics past the boundary into the test file, dropping related spans and fixes in the other file", () => {
    const inPolicy = diagnostic("apol/unknown-tool", { start: 2, end: 4 }, "in the policy", {
      related: [{ span: { start: 12, end: 13 }, message: "in the tests" }],
    });
    const inTests = diagnostic("apol/unknown-rule", { start: 15, end: 20 }, "in the tests", {
      related: [
        { span: { start: 11, end: 12 }, message: "also in the tests" },
        { span: { start: 0, end: 1 }, message: "in the policy" },
      ],
      fix: { title: "replace", edits: [{ span: { start: 15, end: 20 }, newText: "x" }] },
    });
    const across = diagnostic("apol/unknown-rule", { start: 12, end: 14 }, "fix across", {
      fix: { title: "replace", edits: [{ span: { start: 1, end: 2 }, newText: "x" }] },
    });
    const split = splitDiagnostics([inPolicy, inTests, across], 10);
    expect(split.policy).toEqual([{ ...inPolicy, related: [] }]);
    expect(split.tests.map((d) => [d.message, d.span, d.related, d.fix])).toEqual([
      [
        "in the tests",
        { start: 5, end: 10 },
        [{ span: { start: 1, end: 2 }, message: "also in the tests" }],
        { title: "replace", edits: [{ span: { start: 5, end: 10 }, newText: "x" }] },
      ],
      ["fix across", { start: 2, end: 4 }, undefined, undefined],
    ]);
  });
});
