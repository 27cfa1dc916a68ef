import { describe, expect, it } from "vitest";
import { LineIndex } from "../source/span.js";
import { jsonReport, junitReport, textReport, type PolicyTests } from "./report.js";
import { runSourceTests } from "./run-tests.js";

const source = `policy shop
tool buy(item: string, price: number)
rule cheap { allow buy when args.price <= 10 }
rule no_guns { deny buy when args.item == "gun" }
rule never { deny buy when args.price < 0 }
test "cheap" {
  call buy(item: "pen", price: 2)
  expect allow by cheap
}
test "a <gun> & \\"more\\"" {
  call buy(item: "gun", price: 2)
  expect allow
}
`;

async function results(): Promise<PolicyTests[]> {
  const outcome = await runSourceTests(source, "shop.apol");
  if (!outcome.ok) throw new Error("the policy should compile");
  const lines = new LineIndex(source);
  return [{ file: "shop.apol", run: outcome.run, locate: (span) => ({ file: "shop.apol", line: lines.position(span.start).line }) }];
}

describe("test reports", () => {
  it("print each test, a failure's expectation, decision and matched rules, the uncovered rules and the totals", async () => {
    expect(textReport(await results(), true)).toBe(
      [
        "shop.apol",
        "  pass  cheap",
        '  FAIL  a <gun> & "more"',
        "        step 1: call buy at shop.apol:11",
        "          expected allow",
        "          got      deny by no_guns: denied by rule `no_guns`",
        "          matched  cheap, no_guns",
        "  coverage: 2 of 3 rules exercised",
        "    not exercised: never (shop.apol:5)",
        "",
        "2 tests: 1 passed, 1 failed",
        "",
      ].join("\n"),
    );
    expect(textReport(await results(), false)).not.toContain("coverage");
  });

  it("give the same in JSON, coverage included when asked for", async () => {
    const report = JSON.parse(jsonReport(await results(), true)) as {
      policies: { tests: { title: string; line: number; passed: boolean; steps: unknown[] }[]; coverage: unknown }[];
      tests: number;
      passed: number;
      failed: number;
    };
    expect([report.tests, report.passed, report.failed]).toEqual([2, 1, 1]);
    expect(report.policies[0]?.coverage).toEqual({ rules: 3, exercised: 2, uncovered: [{ rule: "never", line: 5, column: 1 }] });
    expect(report.policies[0]?.tests[1]?.steps).toEqual([
      {
        tool: "buy",
        file: "shop.apol",
        line: 11,
        passed: false,
        expected: { effect: "allow" },
        actual: { effect: "deny", rule: "no_guns", reason: "denied by rule `no_guns`", matched: ["cheap", "no_guns"] },
      },
    ]);
    expect(JSON.parse(jsonReport(await results(), false)).policies[0].coverage).toBeUndefined();
  });

  it("write JUnit XML with escaped titles and one failure element per failed test", async () => {
    const xml = junitReport(await results());
    expect(xml).toContain('<testsuites name="apol" tests="2" failures="1">');
    expect(xml).toContain('<testcase classname="shop.apol" name="cheap" file="shop.apol" line="6"/>');
    expect(xml).toContain('<testcase classname="shop.apol" name="a &lt;gun&gt; &amp; &quot;more&quot;" file="shop.apol" line="10">');
    expect(xml).toContain('<failure message="expected allow, got deny by no_guns">step 1: call buy at shop.apol:11\n  expected allow\n');
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });

  it("report a failed `expect output` with both outputs and the paths redacted, on its own line, in text, JSON and JUnit", async () => {
    const text = `policy hr
tool get(id: string)
rule ok { allow get when args.id != "x" }
rule hide { redact get output.salary }
test "pay" {
  call get(id: "1") returns { name: "a", salary: 5 }
  expect allow
  expect output { name: "a", salary: 5 }
  call get(id: "x") returns { salary: 5 }
  expect deny
  expect output { salary: "[redacted]" }
}
`;
    const outcome = await runSourceTests(text, "hr.apol");
    if (!outcome.ok) throw new Error("the policy should compile");
    const lines = new LineIndex(text);
    const results: PolicyTests[] = [{ file: "hr.apol", run: outcome.run, locate: (span) => ({ file: "hr.apol", line: lines.position(span.start).line }) }];
    expect(textReport(results, false)).toContain(
      [
        "        step 2: output of call get at hr.apol:8",
        '          expected output {"name":"a","salary":5}',
        '          got      output {"name":"a","salary":"[redacted]"} (redacted output.salary)',
        "          matched  ok",
        "        step 4: output of call get at hr.apol:11",
        '          expected output {"salary":"[redacted]"}',
        "          got      no output, the call was deny by $default: no rule allows `get`",
      ].join("\n"),
    );
    const report = JSON.parse(jsonReport(results, false)) as { policies: { tests: { steps: unknown[] }[] }[] };
    expect(report.policies[0]?.tests[0]?.steps[1]).toEqual({
      tool: "get",
      file: "hr.apol",
      line: 8,
      passed: false,
      expected: { output: { name: "a", salary: 5 } },
      actual: {
        effect: "allow",
        rule: "ok",
        reason: "allowed by rule `ok`",
        matched: ["ok"],
        output: { name: "a", salary: "[redacted]" },
        redacted: ["output.salary"],
      },
    });
    expect(junitReport(results)).toContain(
      '<failure message="expected output {&quot;name&quot;:&quot;a&quot;,&quot;salary&quot;:5}, got output {&quot;name&quot;:&quot;a&quot;,&quot;salary&quot;:&quot;[redacted]&quot;} (redacted output.salary)">',
    );
  });
});
