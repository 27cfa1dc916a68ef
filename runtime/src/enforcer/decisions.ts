// Turns a module's outcome into a decision: the deciding rule by name, its reason and location, and the call's identity.
import type { Decision, Effect, Outcome, PolicyModule, ReservedRule, RuleInfo } from "../contract.js";
import { faultReason, isFaultKind } from "../evaluate/fault.js";

const reservedRules: readonly string[] = ["$unknown-tool", "$invalid-request", "$default", "$error", "$state-unavailable"] satisfies ReservedRule[];

/** A module bug, not a request problem: reported as a `$error` decision. */
export const malformed = (): never => {
  throw new Error("the policy module returned a malformed outcome");
};

/** Which call a decision is about: its id, and the request's tool and session when it named them. */
export interface CallIdentity {
  readonly id: string;
  readonly tool: string | undefined;
  readonly session: string | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds the decisions of one policy module. */
export class DecisionMaker {
  private readonly rules: readonly RuleInfo[];
  /** `file:line:column` of each rule, built once: decisions are on the hot path. */
  private readonly locations: readonly string[];

  constructor(private readonly module: PolicyModule) {
    this.rules = module.rules;
    this.locations = module.rules.map((r) => `${r.file}:${r.line}:${r.column}`);
  }

  /** The fields every decision shares, in the order they are printed, and the deciding rule's `location` when it has one. */
  private base(call: CallIdentity, effect: Effect, rule: string, reason: string, location?: string): Mutable<Decision> {
    const { policy, policyHash } = this.module;
    const { id, tool, session } = call;
    // The commonest decision, a rule's about a named tool outside a session, is one literal: V8 then builds it from a
    // ready shape rather than adding each field in turn. Every other is built field by field, in the same order.
    if (tool !== undefined && session === undefined && location !== undefined) return { id, effect, rule, reason, policy, policyHash, tool, location };
    const decision: Mutable<Decision> = { id, effect, rule, reason, policy, policyHash };
    if (tool !== undefined) decision.tool = tool;
    if (session !== undefined) decision.session = session;
    if (location !== undefined) decision.location = location;
    return decision;
  }

  /** A deny no rule of the policy made. */
  reserved(call: CallIdentity, rule: ReservedRule, reason: string, explain: boolean): Decision {
    const decision = this.base(call, "deny", rule, reason);
    if (explain) decision.matched = [];
    return decision;
  }

  /** The decision for an outcome of `evaluate`; throws when the outcome is malformed. */
  fromOutcome(call: CallIdentity, { effect, rule, reason, matched, fault }: Outcome, explain: boolean): Decision {
    if (typeof rule === "string") {
      if (effect !== "deny" || !reservedRules.includes(rule) || typeof reason !== "string") malformed();
      const decision = this.base(call, effect, rule, reason!);
      if (explain) decision.matched = this.names(matched);
      return decision;
    }
    const info = this.ruleAt(rule);
    if (info.effect !== effect || (fault !== undefined && (effect !== "deny" || !isFaultKind(fault)))) malformed();
    const decision = this.base(call, effect, info.name, fault === undefined ? info.reason : faultReason(info.name, fault), this.locations[rule]);
    if (fault !== undefined) decision.fault = fault;
    if (explain) decision.matched = this.names(matched);
    return decision;
  }

  private names(matched: readonly number[] | undefined): string[] {
    return (matched ?? []).map((i) => this.ruleAt(i).name);
  }

  private ruleAt(index: number): RuleInfo {
    return this.rules[index] ?? malformed();
  }
}
