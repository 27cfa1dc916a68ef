// The command behind the test code lenses: runs a document's `test` blocks with the compiler's test runner and reports each outcome as a message and as diagnostics.
import { compileAndImport, runTests, stepExpected, type Ast, type StepOutcome, type TestOutcome } from "@apol/compiler";
import { DiagnosticSeverity, MessageType, type Diagnostic } from "vscode-languageserver";
import { fileNameOf, inDocument, ownDeclarations, type Analysis } from "./analysis.js";
import { testLines } from "./policy-commands.js";
import { toRange } from "./positions.js";

/** The command the code lenses run; its arguments are the document's URI and, to run one test only, the test's title. */
export const runTestsCommand = "apol.test.run";

/** Which tests a command asks for: one document's, all of them or the one titled `title`. */
export interface RunTarget {
  readonly uri: string;
  readonly title?: string;
}

/** The target named by the command's arguments `[uri]` or `[uri, title]`, or `undefined` when they name none. */
export function runTarget(args: readonly unknown[] | undefined): RunTarget | undefined {
  const [uri, title, ...rest] = args ?? [];
  if (typeof uri !== "string" || rest.length > 0) return undefined;
  if (title === undefined) return { uri };
  return typeof title === "string" ? { uri, title } : undefined;
}

/** What the command answers: each test that ran, in source order, and whether it passed; and the lines an editor prints for them. */
export interface RunSummary {
  readonly tests: readonly { readonly title: string; readonly passed: boolean }[];
  readonly lines: readonly string[];
}

/** What a run comes to: the message to show, each test's diagnostics by title when tests ran, and the command's answer (`null` when none ran). */
export interface RunReport {
  readonly message: { readonly type: MessageType; readonly message: string };
  readonly outcomes?: ReadonlyMap<string, readonly Diagnostic[]>;
  readonly summary: RunSummary | null;
}

/**
 * Compiles the analyzed text in memory and runs the tests `target` names, each in its own
 * session, as `apol test` does; a test file's tests run against its policy. Nothing runs for a
 * document the server does not have, one with errors (or whose policy has errors or is
 * missing), or one without such a test.
 */
export async function runTestsOf(analysis: Analysis | undefined, target: RunTarget): Promise<RunReport> {
  const file = fileNameOf(target.uri);
  const ran = await run(analysis, target);
  if ("cannot" in ran) return { message: { type: MessageType.Error, message: `cannot run the tests of \`${file}\`: ${ran.cannot}` }, summary: null };
  const outcomes = ran.outcomes;
  return {
    message: runMessage(file, target, outcomes),
    outcomes: new Map(outcomes.map((test) => [test.title, outcomeDiagnostics(ran.analysis, test)])),
    summary: summarize(outcomes.map((t) => ({ title: t.title, passed: t.passed }))),
  };
}

function summarize(tests: RunSummary["tests"]): RunSummary {
  return { tests, lines: testLines(tests) };
}

/** The command behind the "evaluate" lens of a test's `call`; its arguments are the document's URI, the test's title and the call's offset. */
export const evaluateCallCommand = "apol.test.evaluate";

/**
 * Runs the test up to and with the call at `callStart` and says what the policy decided for it
 * and which rules matched, as Regal's evaluate lens does for a rule.
 */
export async function evaluateCall(
  analysis: Analysis | undefined,
  uri: string,
  title: string,
  callStart: number,
): Promise<{ type: MessageType; message: string }> {
  const ran = await run(analysis, { uri, title });
  if ("cannot" in ran) return { type: MessageType.Error, message: `cannot evaluate the call: ${ran.cannot}` };
  const step = ran.outcomes[0]?.steps.find((s) => s.span.start === callStart);
  if (step === undefined) return { type: MessageType.Error, message: `cannot evaluate the call: test "${title}" has no call there` };
  const matched = step.decision.matched ?? [];
  return {
    type: MessageType.Info,
    message: `\`${step.tool}\`: ${effectAndRule(step.decision.effect, step.decision.rule)}; matched: ${matched.length === 0 ? "no rule" : matched.join(", ")}`,
  };
}

/** Compiles the analyzed text and runs the tests `target` names, or says why it cannot. */
async function run(analysis: Analysis | undefined, target: RunTarget): Promise<{ analysis: Analysis; outcomes: readonly TestOutcome[] } | { cannot: string }> {
  const file = fileNameOf(target.uri);
  const cannot = (why: string) => ({ cannot: why });
  if (analysis === undefined) return cannot("the server has not read it");
  const all = ownDeclarations(analysis).filter((d): d is Ast.TestDecl => d.kind === "TestDecl");
  const tests = target.title === undefined ? all : all.filter((t) => t.title.value === target.title);
  if (tests.length === 0) return cannot(target.title === undefined ? "it has none" : `it has no test "${target.title}"`);
  const policy = analysis.policy && fileNameOf(analysis.policy.uri);
  if (analysis.policy && analysis.policy.index === undefined) return cannot(`there is no policy \`${policy}\` beside it`);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    return cannot(policy === undefined || errors.some((d) => inDocument(analysis, d.span)) ? "fix its errors first" : `fix the errors of \`${policy}\` first`);
  const loaded = await compileAndImport(analysis.text, policy ?? file);
  if (!loaded.ok) return cannot(loaded.diagnostics.find((d) => d.severity === "error")?.message ?? "it does not compile");
  return { analysis, outcomes: runTests(loaded.module, tests).tests };
}

const source = "apol test";

/** `allow`, or `deny by no_guns`. */
function effectAndRule(effect: string, rule: string | undefined): string {
  return rule === undefined ? effect : `${effect} by ${rule}`;
}

/** What a failed step expected and what the policy decided (or the model read) instead. */
function failure(step: StepOutcome): string {
  const decided = effectAndRule(step.decision.effect, step.decision.rule);
  if (step.kind === "decision") return `expected \`${stepExpected(step)}\`, got \`${decided}\``;
  const got = step.actual === undefined ? `no output: the call was \`${decided}\`` : `\`output ${JSON.stringify(step.actual.output)}\``;
  return `expected \`${stepExpected(step)}\`, got ${got}`;
}

/** Why: the decision's reason, or for an output that the model read, the paths its `redact` rules replaced. */
function detail(step: StepOutcome): string {
  if (step.kind === "output" && step.actual !== undefined)
    return step.actual.redacted.length === 0 ? " (nothing redacted)" : ` (redacted ${step.actual.redacted.join(", ")})`;
  return `: ${step.decision.reason}`;
}

/**
 * A test's outcome as diagnostics: an information on the title of a test that passed, an
 * error on each `expect` that failed, with what was expected, what happened and why.
 */
function outcomeDiagnostics(analysis: Analysis, test: TestOutcome): Diagnostic[] {
  if (test.passed)
    return [{ range: toRange(analysis.index, test.span), severity: DiagnosticSeverity.Information, source, message: `test "${test.title}" passed` }];
  return test.steps.flatMap((step) => {
    if (step.passed) return [];
    const matched = step.decision.matched ?? [];
    return [
      {
        range: toRange(analysis.index, step.expectSpan),
        severity: DiagnosticSeverity.Error,
        source,
        message: `test "${test.title}" failed: ${failure(step)}${detail(step)}\nmatched: ${matched.length === 0 ? "no rule" : matched.join(", ")}`,
      },
    ];
  });
}

/**
 * The message a run shows: for one test, whether it passed and, if not, its first failed
 * step; for all of a document's tests, how many passed and the titles of those that failed.
 */
function runMessage(file: string, target: RunTarget, tests: readonly TestOutcome[]): { type: MessageType; message: string } {
  const failed = tests.filter((t) => !t.passed);
  if (target.title !== undefined) {
    const [test] = tests;
    const step = test?.steps.find((s) => !s.passed);
    return step === undefined
      ? { type: MessageType.Info, message: `test "${target.title}" passed` }
      : { type: MessageType.Error, message: `test "${target.title}" failed: ${failure(step)}` };
  }
  const count = `${tests.length} ${tests.length === 1 ? "test" : "tests"}`;
  if (failed.length === 0) return { type: MessageType.Info, message: `${count} of \`${file}\` passed` };
  return { type: MessageType.Error, message: `${failed.length} of ${count} of \`${file}\` failed: ${failed.map((t) => `"${t.title}"`).join(", ")}` };
}
