// The enforcer: wraps a compiled policy module into `decide(request)`, resolving `now`, naming the deciding rule and never throwing.
import type { Decision, EvaluationState, Outcome, PolicyModule, ReservedRule, RuleInfo } from "./contract.js";
import { isTime } from "./time.js";
import { isRecord } from "./values.js";

/** How an enforcer decides, besides the policy. */
export interface EnforcerOptions {
  /**
   * The clock for requests without `now`, e.g. `Date.now`. Without one, such
   * requests have no time, and rules that read `now` or a finite history window fail closed.
   */
  readonly clock?: () => number;
  /** Whether `decide` lists every matching rule in `matched`, as `explain` always does. */
  readonly explain?: boolean;
}

/** The session a request belongs to, as the host keeps it: earlier allowed calls and labelled content. */
export type Session = Pick<EvaluationState, "history" | "contents">;

/** A policy ready to decide tool calls. */
export interface Enforcer {
  /** Decides one request; never throws, whatever `request` is (anything unexpected is a `$error` deny). */
  decide(request: unknown, session?: Session): Decision;
  /** Like `decide`, and the decision always lists every matching rule in `matched`. */
  explain(request: unknown, session?: Session): Decision;
}

const reservedRules: readonly string[] = ["$unknown-tool", "$invalid-request", "$default", "$error"] satisfies ReservedRule[];

/** A module bug, not a request problem: reported as a `$error` decision. */
const malformed = (): never => {
  throw new Error("the policy module returned a malformed outcome");
};

/** The message of anything thrown, without trusting it to be printable. */
function describe(error: unknown): string {
  try {
    return String(error instanceof Error ? error.message : error);
  } catch {
    return "an unprintable error";
  }
}

/**
 * Wraps a compiled policy module. The clock is an input: a request's own `now`
 * (ISO 8601 text or milliseconds) wins, else `options.clock`, else the time is unknown.
 * Throws only when `module` is not a compiled policy module.
 */
export function createEnforcer(module: PolicyModule, options: EnforcerOptions = {}): Enforcer {
  const { policy, policyHash, rules } = module;
  if (typeof policy !== "string" || typeof policyHash !== "string" || !Array.isArray(rules) || typeof module.evaluate !== "function") {
    throw new TypeError("not a compiled apol policy module");
  }
  const ruleAt = (index: number): RuleInfo => rules[index] ?? malformed();

  const reserved = (rule: ReservedRule, reason: string, explain: boolean): Decision =>
    explain ? { effect: "deny", rule, reason, policy, policyHash, matched: [] } : { effect: "deny", rule, reason, policy, policyHash };

  const toDecision = ({ effect, rule, reason, matched }: Outcome, explain: boolean): Decision => {
    const names = explain ? { matched: (matched ?? []).map((i) => ruleAt(i).name) } : {};
    if (typeof rule === "string") {
      if (effect !== "deny" || !reservedRules.includes(rule) || typeof reason !== "string") malformed();
      return { effect, rule, reason: reason!, policy, policyHash, ...names };
    }
    const info = ruleAt(rule);
    if (info.effect !== effect) malformed();
    const location = `${info.file}:${info.line}:${info.column}`;
    const decision: Decision = { effect, rule: info.name, reason: info.reason, policy, policyHash, location, ...names };
    const approvals = effect === "review" ? info.approvals : undefined;
    if (!approvals) return decision;
    const expiry = info.expiresInMs === undefined ? {} : { expiresInMs: info.expiresInMs };
    return { ...decision, approvals: { required: approvals.required, from: [...approvals.from], ...expiry } };
  };

  const run = (request: unknown, session: Session | undefined, explain: boolean): Decision => {
    try {
      const given = isRecord(request) && Object.hasOwn(request, "now") ? request.now : undefined;
      const now = given === undefined ? options.clock?.() : typeof given === "string" ? Date.parse(given) : given;
      if (given !== undefined && !isTime(now)) {
        return reserved("$invalid-request", "`now` must be an ISO 8601 timestamp or milliseconds", explain);
      }
      return toDecision(module.evaluate(request, { ...session, now: now as number | undefined }, explain), explain);
    } catch (error) {
      return reserved("$error", `policy evaluation failed: ${describe(error)}`, explain);
    }
  };

  const byDefault = options.explain === true;
  return {
    decide: (request, session) => run(request, session, byDefault),
    explain: (request, session) => run(request, session, true),
  };
}

/**
 * Imports a compiled policy module and wraps it. `specifier` is resolved as
 * `import()` resolves it from this package: pass an absolute file URL or a package name.
 */
export async function loadPolicy(specifier: string, options?: EnforcerOptions): Promise<Enforcer> {
  return createEnforcer((await import(specifier)) as PolicyModule, options);
}
