// Explains a decision rule by rule with the reference evaluator, for `apol eval --explain`: whether each rule targets the
// request's tool, whether it matched, and the value of each `and`-joined part of its `when` and `unless`.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import type { CheckedRule } from "../check/rules.js";
import type { Span } from "../source/span.js";
import type { EvaluationState } from "../../../runtime/src/contract.js";
import { describeArgumentProblem, ruleMatches } from "./evaluate.js";
import { evaluateCondition, type Env } from "./expressions.js";
import { Fault } from "./operands.js";
import { isPlainObject } from "./value-ops.js";

/** A condition part's value: `fault` when evaluating it failed, `skipped` when an earlier part already decided the rule. */
export type PartValue = boolean | "fault" | "skipped";

/** One `and`-joined part of a rule's `when` or `unless`, with its source span and value. */
export interface ConditionPart {
  readonly clause: "when" | "unless";
  readonly span: Span;
  readonly value: PartValue;
}

/** One rule's part in a decision. */
export interface RuleExplanation {
  readonly rule: CheckedRule;
  /** Whether the rule names the request's tool; a rule that does not is neither evaluated nor matched. */
  readonly targets: boolean;
  /** Whether the rule matched, faults counted as the semantics says (a fault matches a deny or redact rule only). */
  readonly matched: boolean;
  readonly parts: readonly ConditionPart[];
}

/**
 * Every rule of `checked`, in source order, explained for `request`; undefined when the request never reaches the rules
 * (not an object, an unknown tool, arguments that do not fit), which its decision's reason already says.
 */
export function explainRules(checked: Checked, request: unknown, state: EvaluationState | undefined): RuleExplanation[] | undefined {
  if (!isPlainObject(request) || typeof request["tool"] !== "string") return undefined;
  const tool = checked.symbols.tools.get(request["tool"]);
  const args = request["args"] === undefined ? {} : request["args"];
  if (tool === undefined || describeArgumentProblem(args, tool, checked.symbols) !== undefined) return undefined;
  const env: Env = { checked, request, args: args as Record<string, unknown>, tool, state, variables: new Map() };
  return checked.rules.map((rule) => {
    const targets = rule.tools.includes(tool.name);
    if (!targets) return { rule, targets, matched: false, parts: [] };
    const when = rule.when === undefined ? [] : evaluateParts("when", conjuncts(rule.when), env, true);
    // `unless` is read only when `when` held, as the semantics says.
    const whenHeld = when.every((part) => part.value === true);
    const unless = rule.unless === undefined ? [] : evaluateParts("unless", conjuncts(rule.unless), env, whenHeld);
    return { rule, targets, matched: ruleMatches(rule, env), parts: [...when, ...unless] };
  });
}

/** `a and b and c` as `[a, b, c]`; any other expression as itself. */
function conjuncts(expr: ast.Expr): ast.Expr[] {
  return expr.kind === "Binary" && expr.op === "and" ? [...conjuncts(expr.left), ...conjuncts(expr.right)] : [expr];
}

/** Evaluates parts left to right, as `and` does: after a part that is false or faults, the rest are skipped. */
function evaluateParts(clause: "when" | "unless", parts: readonly ast.Expr[], env: Env, reached: boolean): ConditionPart[] {
  let going = reached;
  return parts.map((expr) => {
    if (!going) return { clause, span: expr.span, value: "skipped" };
    const value = partValue(expr, env);
    going = value === true;
    return { clause, span: expr.span, value };
  });
}

function partValue(expr: ast.Expr, env: Env): PartValue {
  try {
    return evaluateCondition(expr, env);
  } catch (error) {
    if (error instanceof Fault) return "fault";
    throw error;
  }
}
