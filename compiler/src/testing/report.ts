// Prints the outcome of `apol test` as text for people, JSON for tools, or JUnit XML for CI systems.
import type { Decision } from "@apol/runtime";
import type { Span } from "../source/span.js";
import type { StepOutcome, TestRun } from "./run-tests.js";

/** A place in a file, 1-based. */
interface Place {
  readonly file: string;
  readonly line: number;
}

/** The tests of one policy, and how to find its spans (the tests may sit in a separate test file). */
export interface PolicyTests {
  /** The policy file. */
  readonly file: string;
  readonly run: TestRun;
  readonly locate: (span: Span) => Place;
}

/** The totals of a run. */
export interface Totals {
  readonly tests: number;
  readonly failed: number;
}

/** How many tests ran and how many failed, over all policies. */
export function totals(results: readonly PolicyTests[]): Totals {
  const tests = results.flatMap((r) => r.run.tests);
  return { tests: tests.length, failed: tests.filter((t) => !t.passed).length };
}

function effectAndRule(effect: string, rule: string | undefined): string {
  return rule === undefined ? effect : `${effect} by ${rule}`;
}

/** What a step expected, in one line: `allow by cheap`, or `output {"name":"a"}`. */
export function stepExpected(step: StepOutcome): string {
  return step.kind === "output" ? `output ${JSON.stringify(step.expected.output)}` : effectAndRule(step.expected.effect, step.expected.rule);
}

/** What a step got, in one line: the decision with its reason, or the output the model read with the paths redacted. */
export function stepActual(step: StepOutcome): string {
  const decided = `${effectAndRule(step.decision.effect, step.decision.rule)}: ${step.decision.reason}`;
  if (step.kind === "decision") return decided;
  if (step.actual === undefined) return `no output, the call was ${decided}`;
  const { output, redacted } = step.actual;
  return `output ${JSON.stringify(output)} (${redacted.length === 0 ? "nothing redacted" : `redacted ${redacted.join(", ")}`})`;
}

/** Where a failed step is shown: its `call`, or for an output the `expect output` that states it. */
export function stepSpan(step: StepOutcome): Span {
  return step.kind === "output" ? step.expectSpan : step.span;
}

/** The lines explaining a failed step: what was expected, what happened, which rules matched. */
function failureLines(step: StepOutcome, index: number, place: Place): string[] {
  const matched = step.decision.matched ?? [];
  return [
    `step ${index + 1}: ${step.kind === "output" ? "output of " : ""}call ${step.tool} at ${place.file}:${place.line}`,
    `  expected ${stepExpected(step)}`,
    `  got      ${stepActual(step)}`,
    `  matched  ${matched.length === 0 ? "no rule" : matched.join(", ")}`,
  ];
}

/**
 * The text report: per policy each test with `pass` or `FAIL` and, for a
 * failure, each failed step; with `coverage`, the rules no test exercised;
 * then the totals.
 */
export function textReport(results: readonly PolicyTests[], coverage: boolean): string {
  const out: string[] = [];
  for (const { file, run, locate } of results) {
    out.push(file);
    if (run.tests.length === 0) out.push("  no tests");
    for (const test of run.tests) {
      out.push(`  ${test.passed ? "pass" : "FAIL"}  ${test.title}`);
      test.steps.forEach((step, i) => {
        if (!step.passed) out.push(...failureLines(step, i, locate(stepSpan(step))).map((l) => `        ${l}`));
      });
    }
    if (coverage) {
      const { rules, uncovered } = run.coverage;
      out.push(`  coverage: ${rules.length - uncovered.length} of ${rules.length} rules exercised`);
      for (const rule of uncovered) out.push(`    not exercised: ${rule.name} (${file}:${rule.line})`);
    }
  }
  const { tests, failed } = totals(results);
  out.push("", `${tests} ${tests === 1 ? "test" : "tests"}: ${tests - failed} passed, ${failed} failed`);
  return `${out.join("\n")}\n`;
}

function decisionJson(decision: Decision): object {
  return { effect: decision.effect, rule: decision.rule, reason: decision.reason, matched: decision.matched ?? [] };
}

/** The JSON report: one object with every policy, test and step, coverage when asked for, and the totals. */
export function jsonReport(results: readonly PolicyTests[], coverage: boolean): string {
  const policies = results.map(({ file, run, locate }) => ({
    file,
    tests: run.tests.map((test) => ({
      title: test.title,
      ...locate(test.span),
      passed: test.passed,
      steps: test.steps.map((step) => ({
        tool: step.tool,
        ...locate(stepSpan(step)),
        passed: step.passed,
        expected: step.expected,
        actual: step.kind === "output" ? { ...decisionJson(step.decision), ...(step.actual ?? {}) } : decisionJson(step.decision),
      })),
    })),
    ...(coverage
      ? {
          coverage: {
            rules: run.coverage.rules.length,
            exercised: run.coverage.rules.length - run.coverage.uncovered.length,
            uncovered: run.coverage.uncovered.map((r) => ({ rule: r.name, line: r.line, column: r.column })),
          },
        }
      : {}),
  }));
  const { tests, failed } = totals(results);
  return `${JSON.stringify({ policies, tests, passed: tests - failed, failed }, null, 2)}\n`;
}

/** Escapes text for an XML attribute or element. */
function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}

/** The JUnit XML report: a `testsuite` per policy, a `testcase` per test, a `failure` listing each failed step. */
export function junitReport(results: readonly PolicyTests[]): string {
  const { tests, failed } = totals(results);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="apol" tests="${tests}" failures="${failed}">`];
  for (const { file, run, locate } of results) {
    const failures = run.tests.filter((t) => !t.passed).length;
    out.push(`  <testsuite name="${xml(file)}" tests="${run.tests.length}" failures="${failures}">`);
    for (const test of run.tests) {
      const place = locate(test.span);
      const open = `    <testcase classname="${xml(file)}" name="${xml(test.title)}" file="${xml(place.file)}" line="${place.line}"`;
      if (test.passed) {
        out.push(`${open}/>`);
        continue;
      }
      const steps = test.steps.flatMap((step, i) => (step.passed ? [] : failureLines(step, i, locate(stepSpan(step)))));
      const first = test.steps.find((s) => !s.passed);
      const message =
        first === undefined
          ? "failed"
          : first.kind === "output"
            ? `expected ${stepExpected(first)}, got ${stepActual(first)}`
            : `expected ${stepExpected(first)}, got ${effectAndRule(first.decision.effect, first.decision.rule)}`;
      out.push(`${open}>`, `      <failure message="${xml(message)}">${xml(steps.join("\n"))}</failure>`, "    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}
