// End-to-end tests of `apol test`: the built executable on the examples and on a policy with a separate test file.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce, root } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-test-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const examples = readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".apol"))
  .sort()
  .map((f) => join("examples", f));

describe("apol test", () => {
  it("passes every test of every example, and every example's tests exercise all its rules", () => {
    const result = apol(["test", ...examples, "--coverage"], root);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const coverage = result.out.split("\n").filter((l) => l.includes("coverage:") || l.includes("not exercised"));
    expect(coverage).toEqual([
      "  coverage: 12 of 12 rules exercised",
      "  coverage: 13 of 13 rules exercised",
      "  coverage: 9 of 9 rules exercised",
      "  coverage: 13 of 13 rules exercised",
      "  coverage: 5 of 5 rules exercised",
      "  coverage: 12 of 12 rules exercised",
    ]);
    expect(result.out).toMatch(/\n\d+ tests: (\d+) passed, 0 failed\n$/);
  });

  it("decides the AgentDojo-shaped provenance cases of test/provenance/agentdojo.apol (issue 14)", () => {
    const result = apol(["test", "test/provenance/agentdojo.apol", "--coverage"], root);
    expect(result.err).toBe("");
    expect(result.out).toContain("3 tests: 3 passed, 0 failed");
    expect(result.code).toBe(0);
  });

  it("runs NAME.test.apol with NAME.apol, reports a failure with its line in the test file and exits 1", () => {
    writeFileSync(
      join(work, "shop.apol"),
      "policy shop\ntool buy(item: string, price: number)\nrule cheap { allow buy when args.price <= 10 }\nrule never { deny buy when args.price < 0 }\n",
    );
    writeFileSync(
      join(work, "shop.test.apol"),
      'test "cheap" {\n  call buy(item: "pen", price: 2)\n  expect allow by cheap\n}\n\ntest "dear" {\n  call buy(item: "car", price: 2000)\n  expect allow\n}\n',
    );
    const result = apol(["test", "shop.test.apol", "--coverage"], work);
    expect(result).toEqual({
      code: 1,
      out: [
        "shop.apol",
        "  pass  cheap",
        "  FAIL  dear",
        "        step 1: call buy at shop.test.apol:7",
        "          expected allow",
        "          got      deny by $default: no rule allows `buy`",
        "          matched  no rule",
        "  coverage: 1 of 2 rules exercised",
        "    not exercised: never (shop.apol:4)",
        "",
        "2 tests: 1 passed, 1 failed",
        "",
      ].join("\n"),
      err: "",
    });
  });

  it("reports errors in the test file against the test file's own lines and exits 1", () => {
    writeFileSync(join(work, "bad.apol"), "policy bad\ntool buy(item: string)\nrule ok { allow buy }\n");
    writeFileSync(join(work, "bad.test.apol"), 'test "t" {\n  call buy(item: "pen")\n  expect allow by okk\n}\n');
    const result = apol(["test", "bad.apol"], work);
    expect(result.code).toBe(1);
    expect(result.err).toContain("error[apol/unknown-rule]: unknown rule `okk`\n --> bad.test.apol:3:19");
    expect(result.err).toContain("did you mean `ok`?");
  });

  it("prints JUnit XML for CI", () => {
    const result = apol(["test", "shop.apol", "--format", "junit"], work);
    expect(result.code).toBe(1);
    expect(result.out).toContain('<testcase classname="shop.apol" name="dear" file="shop.test.apol" line="6">');
  });

  it("prints a GitHub Actions annotation for each failed step, on its call line, and the totals", () => {
    const result = apol(["test", "shop.apol", "--format", "github"], work);
    expect(result).toMatchObject({
      code: 1,
      out: [
        "::error file=shop.test.apol,line=7,title=apol test%3A dear::step 1: expected allow, got deny by $default: no rule allows `buy`",
        "::notice title=apol test::2 tests: 1 passed, 1 failed",
        "",
      ].join("\n"),
    });
  });

  it("prints a SARIF log with each failed step as a result on its call line", () => {
    const result = apol(["test", "shop.apol", "--format", "sarif"], work);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.out) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.results).toEqual([
      {
        ruleId: "apol/test-failed",
        ruleIndex: 0,
        level: "error",
        message: { text: "test `dear`, step 1: expected allow, got deny by $default: no rule allows `buy`" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "shop.test.apol" }, region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 1 } } }],
      },
    ]);
  });

  it("reports an `expect output` that the redaction disagrees with on its own line, in text, GitHub annotations and SARIF", () => {
    writeFileSync(
      join(work, "hr.apol"),
      'policy hr\ntool get(id: string)\nrule ok { allow get }\nrule hide { redact get output.salary }\ntest "pay shows" {\n  call get(id: "1") returns { name: "a", salary: 5 }\n  expect allow\n  expect output { name: "a", salary: 5 }\n}\n',
    );
    const message = 'expected output {"name":"a","salary":5}, got output {"name":"a","salary":"[redacted]"} (redacted output.salary)';
    const text = apol(["test", "hr.apol"], work);
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      [
        "  FAIL  pay shows",
        "        step 2: output of call get at hr.apol:8",
        '          expected output {"name":"a","salary":5}',
        '          got      output {"name":"a","salary":"[redacted]"} (redacted output.salary)',
        "          matched  ok",
      ].join("\n"),
    );
    expect(apol(["test", "hr.apol", "--format", "github"], work).out).toContain(`::error file=hr.apol,line=8,title=apol test%3A pay shows::step 2: ${message}`);
    const log = JSON.parse(apol(["test", "hr.apol", "--format", "sarif"], work).out) as {
      runs: { results: { message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    const [result] = log.runs[0]?.results ?? [];
    expect([result?.message.text, result?.locations[0]?.physicalLocation.region.startLine]).toEqual([`test \`pay shows\`, step 2: ${message}`, 8]);
  });
});
