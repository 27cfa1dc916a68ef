// `apol test`: runs the `test` blocks of policies (and of their `NAME.test.apol` files) and reports each test, failures and rule coverage.
import { existsSync } from "node:fs";
import {
  LineIndex,
  type JsonDiagnostic,
  type Span,
  type StepOutcome,
  stepActual,
  stepExpected,
  stepSpan,
  jsonReport,
  junitReport,
  textReport,
  totals,
  type PolicyTests,
  runSourceTests,
  combineSources,
  policyPathOf,
  splitDiagnostics,
  testPathOf,
} from "@apol/compiler";
import { exit, usageError, type Command, type Io } from "./command.js";
import { printDiagnostics } from "./compile-file.js";
import { formatDiagnostics, workflowCommand } from "./diagnostic-formats.js";
import { readSource } from "./files.js";

/** The `test` command. */
export const test: Command = {
  name: "test",
  summary: "run the tests of policies",
  usage: "FILE... [--coverage] [--format text|json|junit|github|sarif]",
  description: [
    "Compiles each policy FILE and runs its `test` blocks, each in a fresh session: every `call` is decided in order",
    "and compared with the `expect` after it (effect, and the deciding rule with `by RULE`); `expect output VALUE` compares",
    "what the model reads of the call's `returns` output once `redact` rules applied, and `call ... unchecked` sends",
    "malformed arguments as written, to test `$invalid-request`.",
    "Tests of `NAME.apol` may also live in `NAME.test.apol` beside it: that file is appended to the policy before checking.",
    "Naming either file runs both.",
    "`--coverage` lists the rules no test exercised (a rule is exercised when it decides a call or matches one).",
    "Exits with 1 if a test fails or a policy has errors, 2 if a file cannot be read.",
  ],
  options: [
    { name: "coverage", description: "report the rules no test exercised" },
    {
      name: "format",
      description: "how to print the results",
      value: { name: "FORMAT", choices: ["text", "json", "junit", "github", "sarif"], default: "text" },
    },
  ],
  async run(args, { io }) {
    if (args.positionals.length === 0) return usageError(io, "test", `no files given; usage: apol test ${test.usage}`);
    const policies = [...new Set(args.positionals.map(policyPathOf))];
    const results: PolicyTests[] = [];
    let code: number = exit.ok;
    for (const policy of policies) {
      const outcome = await testPolicy(policy, io);
      if (typeof outcome === "number") code = Math.max(code, outcome);
      else results.push(outcome);
    }
    const coverage = args.flags.has("coverage");
    const format = args.values.get("format");
    const report =
      format === "json"
        ? jsonReport(results, coverage)
        : format === "junit"
          ? junitReport(results)
          : format === "github"
            ? githubReport(results)
            : format === "sarif"
              ? formatDiagnostics("sarif", failedSteps(results))
              : textReport(results, coverage);
    io.stdout.write(report);
    if (totals(results).failed > 0) code = Math.max(code, exit.problems);
    return code;
  },
};

/** Each failed step as a diagnostic on its `call` line (an output's on its `expect output` line) (code `apol/test-failed`), for the SARIF log. */
function failedSteps(results: readonly PolicyTests[]): JsonDiagnostic[] {
  return results.flatMap(({ run, locate }) =>
    run.tests.flatMap((t) =>
      t.steps.flatMap((step, i) => {
        if (step.passed) return [];
        const { file, line } = locate(stepSpan(step));
        const position = { line, column: 1 };
        return [
          {
            code: "apol/test-failed",
            severity: "error",
            message: `test \`${t.title}\`, step ${i + 1}: ${stepFailure(step)}`,
            help: null,
            file,
            range: { start: position, end: position },
          },
        ];
      }),
    ),
  );
}

/** What a failed step expected and what was decided (or, for an output, what the model read). */
function stepFailure(step: StepOutcome): string {
  return `expected ${stepExpected(step)}, got ${stepActual(step)}`;
}

/** One GitHub Actions error annotation per failed step, on its `call` (or `expect output`) line, then the totals as a notice. */
function githubReport(results: readonly PolicyTests[]): string {
  const lines: string[] = [];
  for (const { run, locate } of results) {
    for (const t of run.tests) {
      t.steps.forEach((step, i) => {
        if (step.passed) return;
        const place = locate(stepSpan(step));
        lines.push(workflowCommand("error", { file: place.file, line: place.line, title: `apol test: ${t.title}` }, `step ${i + 1}: ${stepFailure(step)}`));
      });
    }
  }
  const { tests, failed } = totals(results);
  lines.push(workflowCommand("notice", { title: "apol test" }, `${tests} tests: ${tests - failed} passed, ${failed} failed`));
  return `${lines.join("\n")}\n`;
}

/** Compiles one policy with its test file and runs its tests; an exit code when it cannot be read or has errors. */
async function testPolicy(policyFile: string, io: Io): Promise<PolicyTests | number> {
  const policy = readSource(policyFile);
  if (!policy.ok) {
    io.stderr.write(`apol: ${policy.message}\n`);
    return exit.trouble;
  }
  const testFile = testPathOf(policyFile);
  let testText: string | undefined;
  if (existsSync(testFile)) {
    const read = readSource(testFile);
    if (!read.ok) {
      io.stderr.write(`apol: ${read.message}\n`);
      return exit.trouble;
    }
    testText = read.text;
  }
  const source = combineSources(policy.text, testText);
  const outcome = await runSourceTests(source.text, policyFile);
  const split = splitDiagnostics(outcome.diagnostics, source.boundary);
  printDiagnostics(split.policy, policyFile, policy.text, io);
  if (testText !== undefined) printDiagnostics(split.tests, testFile, testText, io);
  if (!outcome.ok) return exit.problems;
  const policyLines = new LineIndex(policy.text);
  const testLines = new LineIndex(testText ?? "");
  const locate = (span: Span) =>
    span.start >= source.boundary
      ? { file: testFile, line: testLines.position(span.start - source.boundary).line }
      : { file: policyFile, line: policyLines.position(span.start).line };
  return { file: policyFile, run: outcome.run, locate };
}
