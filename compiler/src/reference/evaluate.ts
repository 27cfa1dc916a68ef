// The reference evaluator: the executable spec of a decision (docs/semantics.md), a naive walk over the checked AST.
import type { Checked } from "../check/check.js";
import type { CheckedRule } from "../check/rules.js";
import type { Symbols, ToolSymbol } from "../check/symbols.js";
import type { Effect, EvaluationState, Outcome } from "../../../runtime/src/contract.js";
import { faultReason, type FaultKind } from "@apol/runtime";
import { evaluateCondition, type Env } from "./expressions.js";
import { Fault } from "./operands.js";
import { conforms, describeType, isPlainObject, isPresent } from "./value-ops.js";

/**
 * Decides one request: validation first (`$invalid-request`, `$unknown-tool`), then every rule
 * that targets the tool; the first matching deny, else review, else allow decides, else `$default`.
 * `rule` and `matched` are indexes into `checked.rules`. Never throws for any request; `state` is
 * trusted to have its declared type (the runtime builds it).
 */
export function evaluateReference(checked: Checked, request: unknown, state: EvaluationState | undefined, explain: boolean): Outcome {
  if (!isPlainObject(request) || typeof request["tool"] !== "string") {
    return { effect: "deny", rule: "$invalid-request", reason: "request must be an object with a string `tool`" };
  }
  const name = request["tool"];
  const tool = checked.symbols.tools.get(name);
  if (!tool) return { effect: "deny", rule: "$unknown-tool", reason: `unknown tool \`${name}\`` };
  const args = request["args"] === undefined ? {} : request["args"];
  const problem = describeArgumentProblem(args, tool, checked.symbols);
  if (problem !== undefined) return { effect: "deny", rule: "$invalid-request", reason: problem };

  const env: Env = { checked, request, args: args as Record<string, unknown>, tool, state, variables: new Map() };
  const matched: number[] = [];
  const faults = new Map<number, FaultKind>();
  checked.rules.forEach((rule, index) => {
    if (rule.effect === "redact" || !rule.tools.includes(name)) return;
    const match = ruleMatch(rule, env);
    if (match === false) return;
    matched.push(index);
    if (match !== true) faults.set(index, match);
  });
  const firstWith = (effect: Effect): number | undefined => matched.find((i) => checked.rules[i]?.effect === effect);
  const decider = firstWith("deny") ?? firstWith("review") ?? firstWith("allow");
  const rule = decider === undefined ? undefined : checked.rules[decider];
  const fault = decider === undefined ? undefined : faults.get(decider);
  const outcome: Outcome =
    decider === undefined || rule === undefined
      ? { effect: "deny", rule: "$default", reason: `no rule allows \`${name}\`` }
      : fault === undefined
        ? { effect: rule.effect as Effect, rule: decider, reason: reasonOf(rule) }
        : { effect: "deny", rule: decider, reason: faultReason(rule.name, fault), fault };
  return explain ? { ...outcome, matched } : outcome;
}

/** The first problem of `args` against the tool's parameters, as the decision's reason; undefined when they fit. */
export function describeArgumentProblem(args: unknown, tool: ToolSymbol, symbols: Symbols): string | undefined {
  if (!isPlainObject(args)) return "`args` must be an object";
  for (const key of Object.keys(args)) if (!tool.params.has(key)) return `unknown argument \`${key}\``;
  for (const [name, param] of tool.params) {
    if (!isPresent(args, name)) {
      if (!param.optional) return `missing argument \`${name}\``;
    } else if (!conforms(args[name], param.type, symbols)) {
      return `argument \`${name}\` must be ${describeType(param.type, symbols)}`;
    }
  }
  return undefined;
}

/**
 * `when` true and `unless` false; a fault in either makes the rule match iff it denies or redacts
 * (failure never widens access, and never shows a field a rule might hide).
 */
export function ruleMatches(rule: CheckedRule, env: Env): boolean {
  return ruleMatch(rule, env) !== false;
}

/** Whether the rule matches as `ruleMatches` says, with the fault's kind in place of `true` when it matched by a fault. */
function ruleMatch(rule: CheckedRule, env: Env): boolean | FaultKind {
  try {
    // `unless` is only read when `when` holds: the checker lets `unless` rely on `when`'s `has` guards.
    if (rule.when && !evaluateCondition(rule.when, env)) return false;
    return !(rule.unless && evaluateCondition(rule.unless, env));
  } catch (error) {
    if (error instanceof Fault) return (rule.effect === "deny" || rule.effect === "redact") && error.kind;
    throw error;
  }
}

const verbs: Readonly<Record<Effect, string>> = { deny: "denied", review: "held for review", allow: "allowed" };

function reasonOf(rule: CheckedRule): string {
  return rule.reason ?? `${verbs[rule.effect as Effect]} by rule \`${rule.name}\``;
}
