// End-to-end tests of what CI runs: `check` and `lint` with `--format github` and `--format sarif`, `fmt --diff` and `check --fix`,
// through the built executable on real files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-ci-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const typo = "policy p\ntool send_money(amount: number)\nrule ok { allow send_money }\nrule typo {\n  allow send_mony\n}\n";
writeFileSync(join(work, "policy.apol"), typo);
writeFileSync(join(work, "messy.apol"), "policy p\ntool a()\nrule r   {allow a}\n");
writeFileSync(
  join(work, "shadow.apol"),
  'policy p\ntool send(amount: number)\nrule cap { deny send when args.amount > 10 reason "cap" }\nrule big { allow send when args.amount > 100 }\n',
);

interface Sarif {
  readonly version: string;
  readonly runs: readonly {
    readonly tool: { readonly driver: { readonly name: string; readonly rules: readonly { readonly id: string }[] } };
    readonly results: readonly {
      readonly ruleId: string;
      readonly level: string;
      readonly locations: readonly {
        readonly physicalLocation: {
          readonly artifactLocation: { readonly uri: string };
          readonly region: { readonly startLine: number; readonly startColumn: number };
        };
      }[];
    }[];
  }[];
}

describe("--format github", () => {
  it("writes a check error as a workflow annotation on its span and exits 1", () => {
    expect(apol(["check", "--format", "github", "policy.apol"], work)).toEqual({
      code: 1,
      out: "::error file=policy.apol,line=5,col=9,endLine=5,endColumn=18,title=apol/unknown-tool::unknown tool `send_mony`%0Adid you mean `send_money`?\n",
      err: "",
    });
  });

  it("writes lint findings as warnings", () => {
    const result = apol(["lint", "--format", "github", "shadow.apol"], work);
    expect(result.out).toMatch(/^::warning file=shadow\.apol,line=4,col=6,endLine=4,endColumn=9,title=apol\/shadowed-rule::rule `big` never decides/m);
  });
});

describe("--format sarif", () => {
  it("writes SARIF 2.1.0 with each code as a rule and each diagnostic as a result on its span", () => {
    const result = apol(["check", "--format", "sarif", "policy.apol"], work);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.out) as Sarif;
    expect(sarif.version).toBe("2.1.0");
    const [run] = sarif.runs;
    expect(run?.tool.driver.name).toBe("apol");
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(["apol/unknown-tool"]);
    expect(
      run?.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region]),
    ).toEqual([["apol/unknown-tool", "error", "policy.apol", expect.objectContaining({ startLine: 5, startColumn: 9 })]]);
  });

  it("writes lint findings as warnings", () => {
    const sarif = JSON.parse(apol(["lint", "--format", "sarif", "shadow.apol"], work).out) as Sarif;
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.level])).toContainEqual(["apol/shadowed-rule", "warning"]);
  });
});

describe("apol fmt --diff", () => {
  it("prints each file's changes as a unified diff, touches nothing and exits 1", () => {
    expect(apol(["fmt", "--diff", "messy.apol"], work)).toEqual({
      code: 1,
      out: [
        "--- messy.apol",
        "+++ messy.apol",
        "@@ -1,3 +1,7 @@",
        " policy p",
        "+",
        " tool a()",
        "-rule r   {allow a}",
        "+",
        "+rule r {",
        "+  allow a",
        "+}",
        "",
      ].join("\n"),
      err: "1 of 1 file would be reformatted\n",
    });
    expect(readFileSync(join(work, "messy.apol"), "utf8")).toBe("policy p\ntool a()\nrule r   {allow a}\n");
  });
});

describe("apol check --fix", () => {
  it("applies the fix, lists it with where it was, and checks again", () => {
    writeFileSync(join(work, "fix.apol"), typo);
    const result = apol(["check", "--fix", "--no-lint", "fix.apol"], work);
    expect(result).toEqual({ code: 0, out: "", err: "fixed fix.apol:5:9: replace with `send_money` (apol/unknown-tool)\nno errors in 1 file\n" });
    expect(readFileSync(join(work, "fix.apol"), "utf8")).toBe(typo.replace("send_mony", "send_money"));
  });
});
