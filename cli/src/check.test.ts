import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "apol-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function check(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(["check", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

const clean = file("clean.apol", "policy p\ntool a()\nrule r { allow a }\n");
const typo = file("typo.apol", "policy p\ntool send_money(amount: number)\nrule ok { allow send_money }\nrule typo {\n  allow send_mony\n}\n");
const unused = file("unused.apol", "policy p\ntool a()\nrule r { allow a }\nconst c = 1\n");
const repeated = file("repeated.apol", "policy p\ntool a()\nrule r { allow a }\nrule again { allow a }\n");

describe("apol check", () => {
  it("prints nothing but the summary for a clean file", async () => {
    expect(await check(clean)).toEqual({ code: 0, out: "", err: "no errors in 1 file\n" });
  });

  it("renders each error with its caret on stdout, sums up on stderr and exits 1", async () => {
    expect(await check(typo)).toEqual({
      code: 1,
      out: [
        "error[apol/unknown-tool]: unknown tool `send_mony`",
        ` --> ${typo}:5:9`,
        "  |",
        "5 |   allow send_mony",
        "  |         ^^^^^^^^^",
        "  |",
        "  = help: did you mean `send_money`?",
        "  = fix: replace with `send_money`",
        "",
        "",
      ].join("\n"),
      err: "1 error in 1 file\n",
    });
  });

  it("prints warnings without failing", async () => {
    const result = await check(unused);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^warning\[apol\/unused-declaration\]: .*\n --> .*unused\.apol:4:7\n/);
    expect(result.err).toBe("1 warning in 1 file\n");
  });

  it("prints lint findings as warnings on a file without errors, and exits 0", async () => {
    expect(await check(repeated)).toEqual({
      code: 0,
      out: [
        "warning[apol/duplicate-rule]: rule `again` repeats rule `r`, which always decides first",
        ` --> ${repeated}:4:6`,
        "  |",
        "4 | rule again { allow a }",
        "  |      ^^^^^",
        "  |",
        `  = note: the earlier rule at ${repeated}:3:6`,
        "  = help: remove `again`",
        "",
        "",
      ].join("\n"),
      err: "1 warning in 1 file\n",
    });
  });

  it("does not lint a file with errors: lints assume a well-typed policy", async () => {
    const broken = file("broken.apol", "policy p\ntool a()\nrule r { allow a }\nrule again { allow a }\nrule bad { allow b }\n");
    const result = await check(broken);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^error\[apol\/unknown-tool\]: unknown tool `b`\n --> .*broken\.apol:5:18\n/);
    expect(result.out).not.toContain("warning");
    expect(result.err).toBe("1 error in 1 file\n");
  });

  it("skips the lints with `--no-lint`", async () => {
    expect(await check("--no-lint", repeated)).toEqual({ code: 0, out: "", err: "no errors in 1 file\n" });
    expect(await check("--no-lint", unused)).toEqual({ ...(await check(unused)), code: 0 });
  });

  it("counts over all files", async () => {
    const result = await check(typo, clean, unused);
    expect(result.code).toBe(1);
    expect(result.err).toBe("1 error, 1 warning in 3 files\n");
  });

  it("prints one JSON array for all files and no summary with `--format json`", async () => {
    const result = await check("--format", "json", clean, typo);
    expect(result.code).toBe(1);
    expect(result.err).toBe("");
    expect(JSON.parse(result.out)).toEqual([
      {
        code: "apol/unknown-tool",
        severity: "error",
        message: "unknown tool `send_mony`",
        help: "did you mean `send_money`?",
        file: typo,
        range: { start: { line: 5, column: 9 }, end: { line: 5, column: 18 } },
        fix: {
          title: "replace with `send_money`",
          edits: [{ range: { start: { line: 5, column: 9 }, end: { line: 5, column: 18 } }, newText: "send_money" }],
        },
      },
    ]);
    expect(await check("--format=json", clean)).toEqual({ code: 0, out: "[]\n", err: "" });
    expect(JSON.parse((await check("--format", "json", repeated)).out)).toEqual([
      {
        code: "apol/duplicate-rule",
        severity: "warning",
        message: "rule `again` repeats rule `r`, which always decides first",
        help: "remove `again`",
        file: repeated,
        range: { start: { line: 4, column: 6 }, end: { line: 4, column: 11 } },
        related: [{ message: "the earlier rule", range: { start: { line: 3, column: 6 }, end: { line: 3, column: 7 } } }],
      },
    ]);
  });

  it("reports an unreadable file in one line, checks the rest, and exits 2", async () => {
    const missing = join(dir, "missing.apol");
    expect(await check(missing, typo)).toEqual({
      code: 2,
      out: (await check(typo)).out,
      err: `apol: cannot read \`${missing}\`: no such file\n1 error in 1 file; 1 file could not be read\n`,
    });
  });

  it("is a usage error without files", async () => {
    expect(await check()).toEqual({
      code: 2,
      out: "",
      err: "apol check: no files given; usage: apol check FILE|DIR|-... [--format text|json|github|sarif] [--no-lint] [--fix]\n",
    });
  });

  it("prints GitHub workflow annotations, escaping policy text so it cannot start another command", async () => {
    const hostile = file("hostile,a:b.apol", "policy p\ntool a()\nrule r { allow a }\nrule s { allow b }\n");
    const { code, out, err } = await check(typo, hostile, "--format", "github");
    expect([code, err]).toEqual([1, ""]);
    expect(out.split("\n")).toEqual([
      `::error file=${typo.replace(/:/g, "%3A")},line=5,col=9,endLine=5,endColumn=18,title=apol/unknown-tool::unknown tool \`send_mony\`%0Adid you mean \`send_money\`?`,
      `::error file=${hostile.replace(/:/g, "%3A").replace(/,/g, "%2C")},line=4,col=16,endLine=4,endColumn=17,title=apol/unknown-tool::unknown tool \`b\`%0Adid you mean \`a\`?`,
      "",
    ]);
  });

  it("prints a SARIF 2.1.0 log: the codes that occur as rules, each diagnostic with its region and fix", async () => {
    const { code, out } = await check(typo, unused, "--format", "sarif");
    expect(code).toBe(1);
    const log = JSON.parse(out) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[] };
    expect(log.version).toBe("2.1.0");
    const [run] = log.runs;
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(["apol/unknown-tool", "apol/unused-declaration"]);
    expect(run?.results[0]).toEqual({
      ruleId: "apol/unknown-tool",
      ruleIndex: 0,
      level: "error",
      message: { text: "unknown tool `send_mony` (did you mean `send_money`?)" },
      locations: [{ physicalLocation: { artifactLocation: { uri: `file://${typo}` }, region: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 18 } } }],
      fixes: [
        {
          description: { text: "replace with `send_money`" },
          artifactChanges: [
            {
              artifactLocation: { uri: `file://${typo}` },
              replacements: [{ deletedRegion: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 18 }, insertedContent: { text: "send_money" } }],
            },
          ],
        },
      ],
    });
    expect(run?.results[1]).toMatchObject({ ruleId: "apol/unused-declaration", ruleIndex: 1, level: "warning" });
  });

  it("applies every fix with --fix, in the policy and its test file, lists each, and reports what is left", async () => {
    const policy = file(
      "fixme.apol",
      "policy p\ntool send_money(amount: number)\nrule ok { allow send_mony }\nrule cap { deny send_money when args.amont > 5 }\n",
    );
    file("fixme.test.apol", 'test "t" {\n  call send_mony(amount: 1)\n  expect allow\n}\n');
    const fixed = await check(policy, "--fix", "--no-lint");
    expect(fixed).toEqual({
      code: 0,
      out: "",
      err: [
        `fixed ${policy}:3:17: replace with \`send_money\` (apol/unknown-tool)`,
        `fixed ${policy}:4:38: replace with \`amount\` (apol/unknown-argument)`,
        `fixed ${join(dir, "fixme.test.apol")}:2:8: replace with \`send_money\` (apol/unknown-tool)`,
        "no errors in 2 files",
        "",
      ].join("\n"),
    });
    expect(readFileSync(policy, "utf8")).toBe(
      "policy p\ntool send_money(amount: number)\nrule ok { allow send_money }\nrule cap { deny send_money when args.amount > 5 }\n",
    );
    // Nothing left to fix: the files stay as they are.
    expect(await check(policy, "--fix", "--no-lint")).toEqual({ code: 0, out: "", err: "no errors in 2 files\n" });
    expect(await check("-", "--fix")).toMatchObject({ code: 2, err: expect.stringContaining("`--fix` rewrites files: it cannot fix stdin (`-`)") });
  });
});
