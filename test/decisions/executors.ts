// The executors the decision corpus runs every call through: each turns policy text, a request and state into a decision.
import type { Checked } from "../../compiler/src/check/check.js";
import { renderDiagnostic, renderSource } from "../../compiler/src/diagnostics/render.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { evaluateReference } from "../../compiler/src/reference/evaluate.js";
import { isPlainObject } from "../../compiler/src/reference/value-ops.js";
import { createEnforcer, MemoryStore } from "../../runtime/src/index.js";
import { createStatelessEnforcer, redaction } from "../../runtime/src/stateless.js";
import type { Decision, Effect, EvaluationState, PolicyModule } from "../../runtime/src/contract.js";
import type { FaultKind } from "../../runtime/src/evaluate/fault.js";
import { compiledModule } from "../harness/compiled-module.js";

/** A decision with rules by name, as the corpus states them. */
export interface NamedDecision {
  readonly effect: Effect;
  readonly rule: string;
  readonly reason?: string;
  readonly matched?: readonly string[];
  readonly fault?: FaultKind;
}

/** One way of deciding a call; every executor must agree with the corpus. */
export interface Executor {
  readonly name: string;
  /** Work that must happen before `decide` (compiling and importing a module); run once per policy. */
  prepare?(policyText: string): Promise<void>;
  decide(policyText: string, request: unknown, state: EvaluationState | undefined, explain: boolean): NamedDecision;
  /** Whether it decides this policy at all (after `prepare`): the stateless enforcer takes only policies that need no store. */
  accepts?(policyText: string): boolean;
}

/** Checks a policy, throwing with the rendered errors if it has any. */
export function checkPolicy(policyText: string): Checked {
  const result = runPipeline(policyText, "case.apol");
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const source = renderSource("case.apol", policyText);
  if (errors.length > 0) throw new Error(`the policy has errors:\n${errors.map((d) => renderDiagnostic(d, source)).join("\n")}`);
  return result.outputs.check as Checked;
}

const checkedPolicies = new Map<string, Checked>();

/** The reference evaluator over the checked AST: the executable spec. */
export const referenceExecutor: Executor = {
  name: "reference",
  decide(policyText, request, state, explain) {
    const checked = checkedPolicies.get(policyText) ?? checkPolicy(policyText);
    checkedPolicies.set(policyText, checked);
    const outcome = evaluateReference(checked, request, state, explain);
    const name = (index: number): string => checked.rules[index]?.name ?? `#${index}`;
    return {
      effect: outcome.effect,
      rule: typeof outcome.rule === "number" ? name(outcome.rule) : outcome.rule,
      ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
      ...(outcome.matched ? { matched: outcome.matched.map(name) } : {}),
      ...(outcome.fault !== undefined ? { fault: outcome.fault } : {}),
    };
  },
};

const modules = new Map<string, PolicyModule>();

/** The generated ES module, loaded through the runtime's enforcer, as an application uses it. */
export const generatedExecutor: Executor = {
  name: "generated module via runtime",
  async prepare(policyText) {
    if (modules.has(policyText)) return;
    modules.set(policyText, await compiledModule(policyText, "case.apol"));
  },
  decide(policyText, request, state, explain) {
    const module = modules.get(policyText);
    if (!module) throw new Error("internal: `prepare` was not run for this policy");
    const now = state?.now;
    // The corpus states the clock as part of the state (none: the time is unknown); the enforcer takes it as its clock, and the session is loaded
    // into a fresh memory store, so the runtime's own indexes and pruning decide.
    const enforcer = createEnforcer(module, {
      store: new MemoryStore(),
      idPrefix: "corpus-",
      onWarning: () => {},
      clock: now === undefined ? null : () => now,
    });
    const inSession = isPlainObject(request) && !Object.hasOwn(request, "session") ? { ...request, session: "corpus" } : request;
    if (state?.history || state?.contents) enforcer.load("corpus", { history: state.history ?? [], contents: state.contents ?? [] });
    return named(explain ? enforcer.explain(inSession) : enforcer.decide(inSession));
  },
};

/** A decision as the corpus names it. */
function named(decision: Decision): NamedDecision {
  return {
    effect: decision.effect,
    rule: decision.rule,
    reason: decision.reason,
    ...(decision.matched ? { matched: decision.matched } : {}),
    ...(decision.fault !== undefined ? { fault: decision.fault } : {}),
  };
}

const statelessModules = new Map<string, PolicyModule | undefined>();

/** The same module through `@apol/runtime/stateless`, for every policy it takes (no session read, no `review` rule): it must decide as `createEnforcer` does. */
export const statelessExecutor: Executor = {
  name: "generated module via the stateless entry",
  async prepare(policyText) {
    if (statelessModules.has(policyText)) return;
    const module = await compiledModule(policyText, "case.apol");
    const { needs, rules } = module;
    const stateless = Object.keys(needs.history).length === 0 && Object.keys(needs.reads).length === 0 && !rules.some((r) => r.effect === "review");
    statelessModules.set(policyText, stateless ? module : undefined);
  },
  accepts: (policyText) => statelessModules.get(policyText) !== undefined,
  decide(policyText, request, state, explain) {
    const module = statelessModules.get(policyText);
    if (!module) throw new Error("internal: not a stateless policy, or `prepare` was not run for it");
    // The corpus's clock is its state's `now`; a stateless policy reads nothing else of the state.
    const now = state?.now;
    const enforcer = createStatelessEnforcer(module, { idPrefix: "corpus-", clock: now === undefined ? null : () => now, redaction });
    return named(explain ? enforcer.explain(request) : enforcer.decide(request));
  },
};

/** Every executor, the reference first. */
export const executors: readonly Executor[] = [referenceExecutor, generatedExecutor, statelessExecutor];
