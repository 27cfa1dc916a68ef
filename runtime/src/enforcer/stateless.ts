// The stateless enforcer: `decide` for a policy that reads no session and holds no review, built without the store, the review desk or session state, so a bundle of it ships none of them.
import type { Decision, PolicyModule } from "../contract.js";
import { DecisionMaker } from "./decisions.js";
import type { EnforcerOptions, RequestOf } from "./enforcer.js";
import { decisionIds } from "./ids.js";
import { Judge, requestClock, type MutableCall } from "./judging.js";
import { DecisionLogger, type ArgMasksOf } from "./logging.js";
import { checkModule } from "./module-check.js";
import { checkRedactable, Redactions, type RedactionParts } from "./redactions.js";
import { DecisionEntries, type DecisionSink } from "../log/decision-log.js";
import { redactPaths, type Redacted } from "../log/redact.js";

/** Redaction for a stateless enforcer, which a policy with `redact` rules needs: `createStatelessEnforcer(policy, { redaction })`. */
export type Redaction = (parts: RedactionParts) => Redactions;

/** A decision log for a stateless enforcer, made by `logTo`. */
export type StatelessLog = (decisions: DecisionMaker, argMasks: ArgMasksOf) => DecisionLogger;

/**
 * What a stateless enforcer takes: `createEnforcer`'s options that do not concern sessions or reviews, with the log and
 * redaction passed as the parts that do them, so an app that uses neither bundles neither.
 */
export interface StatelessOptions extends Pick<EnforcerOptions, "clock" | "explain" | "idPrefix"> {
  /** Where every decision is appended: `logTo(sink, { maskArgs })`. */
  readonly log?: StatelessLog;
  /** `redaction` of this entry: required when the policy has `redact` rules, which decisions name and `redact` applies. */
  readonly redaction?: Redaction;
}

/** Redaction, for `createStatelessEnforcer`'s `redaction` option. */
export const redaction: Redaction = (parts) => new Redactions(parts);

/** A log for `createStatelessEnforcer`'s `log` option: every decision appended to `sink`, masked as `createEnforcer` masks it. Throws for malformed masks. */
export function logTo(sink: DecisionSink, options: Pick<EnforcerOptions, "maskArgs" | "logInvalidArgs" | "logRequestParts"> = {}): StatelessLog {
  const entries = new DecisionEntries(options.maskArgs, options.logInvalidArgs);
  return (decisions, argMasks) => new DecisionLogger(sink, entries, decisions, argMasks, options.logRequestParts !== false);
}

/** A stateless policy ready to decide tool calls: `createEnforcer`'s `decide`, `explain` and `redact`, deciding alike. */
export interface StatelessEnforcer<R = unknown> {
  /** Decides one request, and logs the decision when there is a log. Never throws (anything unexpected is a `$error` deny). */
  decide(request: R): Decision;
  /** Like `decide`, and the decision always lists every matching rule in `matched`. */
  explain(request: R): Decision;
  /** The output of an allowed call with what its decision's `redact` rules name replaced; throws for a decision this enforcer did not make or a denied one. */
  redact(decision: Decision, output: unknown): Redacted;
}

/** Why `module` needs `createEnforcer`, if it does: its rules read a session, or it holds calls for review, which the store keeps. */
function needsStore(module: PolicyModule): string | undefined {
  const { needs, rules } = module;
  if (Object.keys(needs.history).length > 0 || Object.keys(needs.reads).length > 0 || needs.labels.length > 0) return "its rules read session state";
  if (rules.some((r) => r.effect === "review")) return "it has `review` rules, whose reviews a store keeps";
  return undefined;
}

/**
 * Wraps a compiled policy module that needs no session: its decisions are those `createEnforcer` makes of the same
 * requests. The clock is an input as there: a request's own `now` wins, else `options.clock`, else the system clock.
 * Throws only when it is made: for a `module` that is not a compiled policy module or needs a store (then use
 * `createEnforcer`), one with `redact` rules given no `redaction`, and a `log` that `logTo` did not make.
 */
export function createStatelessEnforcer<M extends PolicyModule>(module: M, options: StatelessOptions = {}): StatelessEnforcer<RequestOf<M>> {
  checkModule(module);
  const stateful = needsStore(module);
  if (stateful !== undefined) throw new TypeError(`policy \`${module.policy}\` is not stateless (${stateful}): use \`createEnforcer\` of \`@apol/runtime\``);
  const { prefix, nextId } = decisionIds(options.idPrefix);
  const decisions = new DecisionMaker(module);
  const { log } = options;
  if (log !== undefined && typeof log !== "function") throw new TypeError("`log` takes `logTo(sink)` of `@apol/runtime/stateless`");
  const redacts = module.rules.some((r) => r.effect === "redact");
  if (redacts && typeof options.redaction !== "function")
    throw new TypeError(`policy \`${module.policy}\` has \`redact\` rules: pass \`redaction\` of \`@apol/runtime/stateless\``);
  const redactions = redacts ? options.redaction!({ module, prefix, log }) : undefined;
  const judge = new Judge(module, decisions, requestClock(options.clock), redactions?.applier());
  const logger = log?.(decisions, redactions === undefined ? () => [] : (d, r) => redactions.argMasks(d, r));
  const decide = (given: unknown, explain: boolean): Decision => {
    const call: MutableCall = { id: nextId(), tool: undefined, session: undefined };
    const { request, refused } = judge.read(given, call, explain);
    const now = refused ?? judge.identify(request, call, explain);
    // INVARIANT (stateless): no call needs the session here, since the policy reads none.
    const decision = typeof now === "object" ? now : judge.at(request, call, now, explain);
    return logger === undefined ? decision : logger.logged(decision, undefined, request, explain);
  };
  const byDefault = options.explain === true;
  return {
    decide: (request) => decide(request, byDefault),
    explain: (request) => decide(request, true),
    redact: (decision, output) => {
      if (redactions !== undefined) return redactions.output(decision, output);
      // A policy without `redact` rules redacts nothing, but only an output of this enforcer's allowed calls has anything to redact.
      checkRedactable(decision, prefix);
      if (decision.redactions?.length)
        throw new TypeError(`decision \`${decision.id}\` names \`${decision.redactions[0]}\`, which is no \`redact\` rule of the policy`);
      return redactPaths(output, []);
    },
  };
}
