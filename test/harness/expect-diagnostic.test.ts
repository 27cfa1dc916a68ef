import { describe, expect, it } from "vitest";
import { expectDiagnostic } from "./expect-diagnostic.js";

const typo = "policy p\ntool send(to: string)\nrule r { allow sned }\n";
const fixedTypo = "policy p\ntool send(to: string)\nrule r { allow send }\n";

/** The message `expectDiagnostic` fails with, or a failure of this test if it passes. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expectDiagnostic passed but should have failed");
}

describe("expectDiagnostic", () => {
  it("passes for the code and exact underline, and returns the diagnostic", () => {
    const d = expectDiagnostic(typo, {
      code: "apol/unknown-tool",
      underlined: "sned",
      message: "unknown tool `sned`",
      help: "did you mean `send`?",
      fixed: fixedTypo,
    });
    expect(d.span).toEqual({ start: typo.indexOf("sned"), end: typo.indexOf("sned") + 4 });
  });

  it("accepts regular expressions for the message and help", () => {
    expectDiagnostic(typo, { code: "apol/unknown-tool", underlined: "sned", message: /unknown tool/, help: /did you mean `send`/ });
  });

  it("fails when no diagnostic has the code, listing what was reported with the underlined text", () => {
    expect(failure(() => expectDiagnostic(typo, { code: "apol/unknown-rule", underlined: "sned" }))).toBe(
      [
        'expected a diagnostic apol/unknown-rule underlining "sned"; the compiler reported:',
        '  3:16 error apol/unknown-tool underlining "sned": unknown tool `sned` (help: did you mean `send`?)',
      ].join("\n"),
    );
  });

  it("fails when the span underlines more or less than the given text", () => {
    expect(failure(() => expectDiagnostic(typo, { code: "apol/unknown-tool", underlined: "sne" }))).toMatch(
      /^expected a diagnostic apol\/unknown-tool underlining "sne"; the compiler reported:\n/,
    );
    expect(failure(() => expectDiagnostic(typo, { code: "apol/unknown-tool", underlined: "allow sned" }))).toMatch(/underlining "allow sned"/);
  });

  it("says when a clean source reports nothing at all", () => {
    const clean = "policy p\ntool send()\nrule r { allow send }\n";
    expect(failure(() => expectDiagnostic(clean, { code: "apol/unknown-tool", underlined: "send" }))).toBe(
      'expected a diagnostic apol/unknown-tool underlining "send"; the compiler reported:\n  (no diagnostics)',
    );
  });

  it("fails when two diagnostics answer the same expectation", () => {
    const twice = "policy p\ntool send()\nrule r { allow sned }\nrule s { deny sned }\n";
    expect(failure(() => expectDiagnostic(twice, { code: "apol/unknown-tool", underlined: "sned" }))).toMatch(
      /^expected one diagnostic apol\/unknown-tool underlining "sned", found 2;/,
    );
  });

  it("fails on a different message, help or fixed source, showing both", () => {
    const message = (): unknown => expectDiagnostic(typo, { code: "apol/unknown-tool", underlined: "sned", message: "unknown tool sned" });
    expect(message).toThrow('apol/unknown-tool underlining "sned": the message differs');
    expect(message).toThrow(expect.objectContaining({ actual: "unknown tool `sned`", expected: "unknown tool sned" }));
    expect(failure(() => expectDiagnostic(typo, { code: "apol/unknown-tool", underlined: "sned", help: /did you mean `sent`/ }))).toBe(
      'apol/unknown-tool underlining "sned": the help differs',
    );
    expect(failure(() => expectDiagnostic(typo, { code: "apol/unknown-tool", underlined: "sned", fixed: typo }))).toBe(
      'apol/unknown-tool underlining "sned": the source after the fix differs',
    );
  });

  it("fails when help or a fix is expected but the diagnostic has none", () => {
    const noTool = "policy p\ntool send()\nrule r { allow send }\nrule s { allow zzzzzz }\n";
    expect(failure(() => expectDiagnostic(noTool, { code: "apol/unknown-tool", underlined: "zzzzzz", fixed: noTool }))).toBe(
      'apol/unknown-tool underlining "zzzzzz": expected a fix, but it has none',
    );
    const negated = 'policy p\ntool send()\nrule r { allow send when -"x" > 1 }\n';
    expect(failure(() => expectDiagnostic(negated, { code: "apol/type-mismatch", underlined: '"x"', help: /number/ }))).toBe(
      'apol/type-mismatch underlining "\\"x\\"": expected a help line, but it has none',
    );
  });

  it("underlines an empty span with the empty string", () => {
    expectDiagnostic("tool send()\nrule r { allow send }\n", {
      code: "apol/missing-policy",
      underlined: "",
      fixed: "policy main\n\ntool send()\nrule r { allow send }\n",
    });
  });
});
