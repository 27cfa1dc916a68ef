import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareDiagnostics, noSuchDiagnostic, notExpected } from "./compare.js";
import { caseFiles, checkCase, goldenMode, updateCase } from "./corpus.js";
import { observe } from "./observed.js";

const dir = mkdtempSync(join(tmpdir(), "apol-cases-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The message `run` fails with. */
function failure(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

const typoSource = "source: |\n  policy p\n  tool send()\n  rule r { allow send, sned }\n";
const generated = `note: a typo
${typoSource}diagnostics:
  - code: apol/unknown-tool
    severity: error
    underlined: sned
    at: { line: 3, column: 22, length: 4 }
    message: unknown tool \`sned\`
    help: did you mean \`send\`?
    fixed: |
      policy p
      tool send()
      rule r { allow send, send }
`;

describe("update mode", () => {
  it("is on exactly when APOL_UPDATE_GOLDENS=1", () => {
    expect(goldenMode({ APOL_UPDATE_GOLDENS: "1" })).toBe("update");
    expect(goldenMode({ APOL_UPDATE_GOLDENS: "0" })).toBe("check");
    expect(goldenMode({})).toBe("check");
  });

  it("writes the diagnostics of a new case, then leaves it alone", () => {
    const path = write("new.yaml", `note: a typo\n${typoSource}`);
    expect(updateCase(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(generated);
    expect(updateCase(path)).toBe(false);
    checkCase(path, dir);
  });

  it("regenerates a case whose source was edited, keeping `exhaustive`", () => {
    const path = write(
      "edited.yaml",
      generated.replace("rule r { allow send, sned }", "rule rr { allow send, sned }").replace("note: a typo\n", "note: a typo\nexhaustive: true\n"),
    );
    expect(failure(() => checkCase(path, dir))).toMatch(/`underlined` "sned" is not the source text at 3:22, which reads " sne"/);
    updateCase(path);
    expect(readFileSync(path, "utf8")).toContain(
      "exhaustive: true\ndiagnostics:\n  - code: apol/unknown-tool\n    severity: error\n    underlined: sned\n    at: { line: 3, column: 23, length: 4 }",
    );
    checkCase(path, dir);
  });

  it("leaves a pending case alone", () => {
    const text = generated
      .replace("note: a typo\n", "note: a typo\npending: the help should say more\n")
      .replace("did you mean `send`?", "did you mean `send`? it is declared above");
    const path = write("pending.yaml", text);
    expect(updateCase(path)).toBe(false);
    expect(readFileSync(path, "utf8")).toBe(text);
    expect(() => checkCase(path, dir)).toThrow();
  });

  it("keeps the selection of a non-exhaustive case, completing each expectation", () => {
    const source = "source: |\n  policy p\n  tool send()\n  rule r { allow send, sned }\n  const unused = 1\n";
    const path = write(
      "selection.yaml",
      `note: n\n${source}exhaustive: false\ndiagnostics:\n  - code: apol/unknown-tool\n    underlined: sned\n    message: unknown tool \`sned\`\n    help: did you mean \`send\`?\n    fixed: |\n      policy p\n      tool send()\n      rule r { allow send, send }\n      const unused = 1\n`,
    );
    checkCase(path, dir);
    updateCase(path);
    const text = readFileSync(path, "utf8");
    expect(text).toContain("    at: { line: 3, column: 22, length: 4 }\n");
    expect(text).not.toContain("unused-declaration");
    checkCase(path, dir);
  });
});

describe("checkCase", () => {
  it("fails with the field that differs and says how to regenerate", () => {
    const path = write("stale.yaml", generated.replace("help: did you mean `send`?", "help: did you mean `sent`?"));
    const message = failure(() => checkCase(path, dir));
    expect(message).toContain(
      "stale.yaml: the compiler's diagnostics differ from the case. If the new output is right, run `npm run test:update` and review the diff",
    );
  });

  it("fails when an exhaustive case does not expect a diagnostic, and when it expects one that is not there", () => {
    const unexpected = write("unexpected.yaml", generated.replace(/^( *)rule r/gm, "$1const c = 1\n$1rule r").replace("line: 3", "line: 4"));
    expect(failure(() => checkCase(unexpected, dir))).toContain("unexpected.yaml: the compiler's diagnostics differ from the case");
    updateCase(unexpected);
    expect(readFileSync(unexpected, "utf8")).toContain("message: const `c` is never used");
    const clean = write(
      "clean.yaml",
      `note: n\nsource: |\n  policy p\n  tool send()\n  rule r { allow send }\ndiagnostics:\n  - code: apol/unknown-tool\n    underlined: send\n    message: unknown tool \`send\`\n`,
    );
    expect(failure(() => checkCase(clean, dir))).toContain("clean.yaml: the compiler's diagnostics differ from the case");
  });

  it("fails on an invalid case file with every problem listed", () => {
    const path = write("invalid.yaml", "note: n\nsource: x\ndiagnostics: []\nextra: 1\n");
    expect(failure(() => checkCase(path, dir))).toBe(
      `invalid case file:\n  ${path}: unknown key \`extra\`: the keys are \`note\`, \`pending\`, \`source\`, \`exhaustive\`, \`diagnostics\``,
    );
  });
});

describe("compareDiagnostics", () => {
  const observed = observe("policy p\ntool send()\nrule r { allow send, sned }\nconst c = 1\n");
  const [unknownTool, unused] = observed;

  it("pairs expectations with diagnostics regardless of order", () => {
    const result = compareDiagnostics([unused!, unknownTool!], observed, true);
    expect(result.actual).toEqual(result.expected);
  });

  it("marks an expectation nothing answers and a diagnostic nothing expects", () => {
    const missing = { ...unknownTool!, code: "apol/unknown-rule" as const };
    const result = compareDiagnostics([missing], observed, true);
    expect(result.expected).toEqual([missing, notExpected, notExpected]);
    expect(result.actual).toEqual([noSuchDiagnostic, unknownTool, unused]);
  });

  it("compares `at` only where the expectation gives it, and `length` only with it", () => {
    const { at: _at, ...noAt } = unknownTool!;
    expect(compareDiagnostics([noAt], observed, false).actual).toEqual([noAt]);
    const noLength = { ...unknownTool!, at: { line: 3, column: 22 } };
    expect(compareDiagnostics([noLength], observed, false).actual).toEqual([noLength]);
  });

  it("lists case files recursively in a stable order", () => {
    expect(caseFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual([...caseFiles(dir).map((f) => f.slice(dir.length + 1))].sort());
    expect(caseFiles(dir).length).toBeGreaterThanOrEqual(5);
  });
});
