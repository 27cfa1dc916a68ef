// Runs the `test` blocks of a policy against its compiled module, one fresh session per test, and measures rule coverage.
import { createEnforcer, MemoryStore, type Decision, type Enforcer, type HistoryEntry, type PolicyModule, type RuleInfo } from "@apol/runtime";
import type * as ast from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { compileAndImport } from "../compile-and-import.js";
import type { Span } from "../source/span.js";
import { parse } from "../syntax/parse.js";
import { deepEqual } from "../reference/value-ops.js";
import { approveByNames, statedApprovers } from "./stated-approvals.js";
import { entriesValue, literalValue } from "./literal-json.js";

/** One `call` and an `expect` after it: of its decision, or of its output. */
export type StepOutcome = DecisionStep | OutputStep;

interface StepBase {
  /** The `call` statement's span. */
  readonly span: Span;
  /** The span of the `expect` statement that judged the call. */
  readonly expectSpan: Span;
  readonly tool: string;
  /** The decision, with `matched` filled in. */
  readonly decision: Decision;
  readonly passed: boolean;
}

/** `expect allow|deny|review [by RULE]`: the call's decision. */
export interface DecisionStep extends StepBase {
  readonly kind: "decision";
  readonly expected: { readonly effect: string; readonly rule?: string };
}

/** `expect output VALUE`: what the model reads of the call's output after the `redact` rules, by the runtime's `redact`. */
export interface OutputStep extends StepBase {
  readonly kind: "output";
  readonly expected: { readonly output: unknown };
  /** The redacted output and the paths replaced; absent when the call was denied, so nothing ran and nothing was read. */
  readonly actual?: { readonly output: unknown; readonly redacted: readonly string[] };
}

/** One test: passed when every step did. */
export interface TestOutcome {
  readonly title: string;
  /** The title's span. */
  readonly span: Span;
  readonly steps: readonly StepOutcome[];
  readonly passed: boolean;
}

/** Which of the policy's rules some step exercised. */
interface Coverage {
  /** Every rule that can decide (not `redact`), in source order. */
  readonly rules: readonly RuleInfo[];
  /** The rules no step exercised, in source order. */
  readonly uncovered: readonly RuleInfo[];
}

/** The outcome of every test of one policy. */
export interface TestRun {
  readonly tests: readonly TestOutcome[];
  readonly coverage: Coverage;
}

/** The tests' outcome, or the diagnostics that kept the policy from compiling (warnings come back in both cases). */
export type SourceRun =
  | { readonly ok: true; readonly run: TestRun; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Compiles the policy `text` (named `file` in rule locations) in memory and runs its tests. */
export async function runSourceTests(text: string, file: string): Promise<SourceRun> {
  const loaded = await compileAndImport(text, file);
  if (!loaded.ok) return loaded;
  // The pipeline does not hand its AST out of `compileAndImport`; parsing again is cheap and pure.
  const tests = parse(text).ast.declarations.filter((d): d is ast.TestDecl => d.kind === "TestDecl");
  return { ok: true, run: runTests(loaded.module, tests), diagnostics: loaded.diagnostics };
}

/** The session every test runs in: each test has its own enforcer, so they never share one. */
const SESSION = "test";

/**
 * Runs `tests` in order against `module`. Each test gets its own enforcer and
 * session; its statements run in order: `agent`/`user`/`context`/`resource`
 * set request parts, `now` sets the clock of what follows (the clock starts at
 * the test's first `now`, or the epoch without one; history calls are made at
 * that start, so they fall in every window), `history` loads earlier
 * calls with their outputs, `observe` records content, and each `call` is
 * explained against the session so far and, when allowed with a `returns`
 * output, records it before the next statement; `expect output` compares what
 * the model reads of the judged call's output (the enforcer's `redact`) with
 * its value. A rule is exercised when it decided a step or matched in one.
 */
export function runTests(module: PolicyModule, tests: readonly ast.TestDecl[]): TestRun {
  const exercised = new Set<string>();
  const outcomes = tests.map((test) => {
    const outcome = runTest(module, test);
    for (const step of outcome.steps) {
      exercised.add(step.decision.rule);
      for (const rule of step.decision.matched ?? []) exercised.add(rule);
    }
    return outcome;
  });
  const rules = module.rules.filter((r) => r.effect !== "redact");
  return { tests: outcomes, coverage: { rules, uncovered: rules.filter((r) => !exercised.has(r.name)) } };
}

function runTest(module: PolicyModule, test: ast.TestDecl): TestOutcome {
  const parts: Record<string, unknown> = {};
  const first = test.statements.find((s) => s.kind === "now");
  // A test without `now` runs at the epoch, as `apol replay` does before a trace's first time: the same every run.
  let now = first === undefined ? 0 : Date.parse(first.value.value);
  // Decision ids are `t1`, `t2`, ...; every request carries its `now`, and reviews are timed by the test's clock, so a
  // test never reads the system's.
  const enforcer = createEnforcer(module, {
    store: new MemoryStore(),
    idPrefix: "t",
    explain: true,
    clock: () => now,
    approvers: statedApprovers,
    onWarning: () => {},
  });
  const historyTime = now;
  const steps: StepOutcome[] = [];
  let pending: { readonly call: ast.TestCall; readonly decision: Decision } | undefined;
  /** The latest call held for review, with its request, until an `approve` releases it. */
  let held: { readonly call: ast.TestCall; readonly decision: Decision; readonly request: Record<string, unknown> } | undefined;
  /** The latest call and its decision: what an `expect` after an `approve` with no held call judges. */
  let latest: { readonly call: ast.TestCall; readonly decision: Decision } | undefined;
  /** The call and decision the latest `expect` judged: whose output an `expect output` reads. */
  let judged: { readonly call: ast.TestCall; readonly decision: Decision } | undefined;
  for (const statement of test.statements) {
    switch (statement.kind) {
      case "given":
        parts[statement.part] = entriesValue(statement.value.entries);
        break;
      case "now":
        now = Date.parse(statement.value.value);
        break;
      case "history":
        loadHistory(module, enforcer, statement.calls, historyTime);
        break;
      case "observe":
        enforcer.observe(SESSION, literalValue(statement.value), { labels: statement.labels.map((l) => l.text) });
        break;
      case "call": {
        const call = statement.call;
        const request = { ...parts, session: SESSION, tool: call.tool.text, args: entriesValue(call.args), now };
        const decision = enforcer.decide(request);
        if (decision.effect === "allow" && call.returns !== undefined) {
          enforcer.record(decision, literalValue(call.returns), { labels: call.labels.map((l) => l.text) });
        }
        pending = latest = { call, decision };
        held = decision.effect === "review" && decision.approvals !== undefined ? { call, decision, request } : held;
        break;
      }
      case "approve": {
        // Without a held call, the `expect` after it judges the latest decision, which is then not a release.
        if (held === undefined) {
          pending = latest;
          break;
        }
        const review = held.decision.approvals;
        const released =
          review !== undefined &&
          approveByNames(
            enforcer,
            review,
            statement.approvers.map((a) => a.value),
          )?.status === "released";
        const decision = released ? enforcer.decide({ ...held.request, now }) : held.decision;
        if (released && decision.effect === "allow" && held.call.returns !== undefined) {
          enforcer.record(decision, literalValue(held.call.returns), { labels: held.call.labels.map((l) => l.text) });
        }
        pending = { call: held.call, decision };
        if (released) held = undefined;
        break;
      }
      case "expect": {
        // The checker guarantees a `call` before every `expect`.
        if (pending === undefined) break;
        const expected = { effect: statement.effect.text, ...(statement.rule === undefined ? {} : { rule: statement.rule.text }) };
        const { decision } = pending;
        const passed = decision.effect === expected.effect && (expected.rule === undefined || decision.rule === expected.rule);
        steps.push({ kind: "decision", span: pending.call.span, expectSpan: statement.span, tool: pending.call.tool.text, expected, decision, passed });
        judged = pending;
        pending = undefined;
        break;
      }
      case "expectOutput": {
        // The checker guarantees a call with a `returns` output before it.
        const target = pending ?? judged;
        const returns = target?.call.returns;
        if (target === undefined || returns === undefined) break;
        const { call, decision } = target;
        const expected = { output: literalValue(statement.value) };
        // What the runtime's `redact` gives is what every integration hands the model (`answerCall`); a denied call
        // never ran, so nothing reads an output and the step fails.
        const actual = decision.effect === "deny" ? undefined : enforcer.redact(decision, literalValue(returns));
        const passed = actual !== undefined && deepEqual(actual.output, expected.output);
        steps.push({
          kind: "output",
          span: call.span,
          expectSpan: statement.span,
          tool: call.tool.text,
          expected,
          decision,
          passed,
          ...(actual ? { actual: { output: actual.output, redacted: actual.redacted } } : {}),
        });
        judged = target;
        pending = undefined;
        break;
      }
    }
  }
  return { title: test.title.value, span: test.title.span, steps, passed: steps.every((s) => s.passed) };
}

/**
 * Loads a `history` block: the calls with their outputs (for `it.output`) at
 * `time`, and each output as content labelled with the tool's `returns` label and
 * the call's `labels`, as if the call had been allowed and recorded.
 */
function loadHistory(module: PolicyModule, enforcer: Enforcer, calls: readonly ast.TestCall[], time: number): void {
  const history: HistoryEntry[] = calls.map((call) => ({
    tool: call.tool.text,
    args: entriesValue(call.args),
    time,
    ...(call.returns === undefined ? {} : { output: literalValue(call.returns) }),
  }));
  enforcer.load(SESSION, { history });
  for (const call of calls) {
    if (call.returns === undefined) continue;
    const returns = Object.hasOwn(module.tools, call.tool.text) ? module.tools[call.tool.text]?.returns : undefined;
    const labels = call.labels.map((l) => l.text);
    enforcer.observe(SESSION, literalValue(call.returns), { labels: returns === undefined ? labels : [returns, ...labels] });
  }
}
