// The enforcer: wraps a compiled policy module into `decide(request)` over a session store, resolving `now`, never throwing.
import type { Decision, EvaluationState, PolicyModule } from "../contract.js";
import { Decider } from "./deciding.js";
import { enforcerParts, type ContentOptions, type EnforcerOptions } from "./parts.js";
import { Recorder } from "./recording.js";
import { Redactions } from "./redactions.js";
import { Reviews } from "./reviews.js";
import type { Redacted } from "../log/redact.js";
import type { ReviewState } from "../review/review.js";
import type { SessionStore } from "../store/store.js";

export type { ContentOptions, EnforcerOptions } from "./parts.js";

/**
 * The request type a policy module's `evaluate` takes: a module compiled with its `.d.ts` types it per tool
 * (a union discriminated on `tool`, with typed `args` and identity parts); an untyped module takes `unknown`.
 */
export type RequestOf<M> = M extends { evaluate(request: infer R, ...rest: never[]): unknown } ? R : unknown;

/**
 * A policy ready to decide tool calls, keeping the sessions they belong to. `R` types what `decide` and `explain`
 * take at the call site (`createEnforcer` infers it from a typed module); whatever arrives at run time is still validated.
 */
export interface Enforcer<R = unknown> {
  /**
   * Decides one request and, when it is allowed and history functions count its
   * tool, enters it into its session's history in the same step. Never throws
   * (anything unexpected is a `$error` deny). With an asynchronous store, calls
   * that need the session are denied with `$state-unavailable`: use `decideAsync`.
   */
  decide(request: R): Decision;
  /** Like `decide`, and the decision always lists every matching rule in `matched`. */
  explain(request: R): Decision;
  /** `decide` with any store; never rejects (an unreachable or slow store is a `$state-unavailable` deny). */
  decideAsync(request: R): Promise<Decision>;
  /** `explain` with any store. */
  explainAsync(request: R): Promise<Decision>;
  /**
   * The decision `decide` would make of `request` now, with none of its effects: no call enters history, no review
   * is opened or released one used up, nothing is logged, so asking twice gives the same answer (what an agent SDK's
   * approval check needs, which it may run more than once per call). A `review` decision carries `approvals` when a
   * review of this exact call is pending, none when deciding would open one; a call whose review was released is
   * `allow` with `approved`. Its id cannot be recorded, voided or redacted: only what `decide` returns runs a call.
   * Never throws, and fails closed as `decide` does; with an asynchronous store use `previewAsync`.
   */
  preview(request: R): Decision;
  previewAsync(request: R): Promise<Decision>;
  /**
   * Records the output of the call an allowed decision admitted, labelled with the
   * tool's `returns` label and `options.labels`. Throws for a decision that was not
   * an allowed call of this enforcer in a session, one recorded already, and, with
   * an asynchronous store, always (use `recordAsync`).
   */
  record(decision: Decision, output: unknown, options?: ContentOptions): void;
  recordAsync(decision: Decision, output: unknown, options?: ContentOptions): Promise<void>;
  /**
   * Voids the call an allowed decision admitted whose tool then failed: the call leaves its session's history
   * (every `count`, `seen` and `sum`) in one store step, as if it had never been allowed, and the log says so.
   * Throws for a decision that was not an allowed call of this enforcer in a session, one recorded or voided
   * already, and, with an asynchronous store, always (use `abandonAsync`). A released review stays used.
   */
  abandon(decision: Decision): void;
  abandonAsync(decision: Decision): Promise<void>;
  /**
   * The output of an allowed or reviewed call with the fields its `redact` rules
   * name (`decision.redactions`, fixed when the call was decided) replaced by
   * `"[redacted]"`, and the paths replaced; `output` itself is not modified.
   * Throws for a decision this enforcer did not make or a denied one.
   */
  redact(decision: Decision, output: unknown): Redacted;
  /** Records content no tool produced (the user's message, say) in `session`, with `options.labels`. */
  observe(session: string, content: unknown, options?: ContentOptions): void;
  observeAsync(session: string, content: unknown, options?: ContentOptions): Promise<void>;
  /**
   * Adds earlier calls (with their outputs) and content to `session` as if they had
   * been allowed and recorded: to carry a session over from elsewhere, or to set one
   * up in a test. Calls and labels the policy does not read are left out, as always.
   */
  load(session: string, state: Omit<EvaluationState, "now">): void;
  loadAsync(session: string, state: Omit<EvaluationState, "now">): Promise<void>;
  /**
   * Adds a signed approval (see `signApproval`) to the review a `review` decision
   * opened (`decision.approvals.review`). Once `required` distinct listed approvers
   * have signed before expiry, the review is released: deciding the same call again
   * allows it, once. Refusals (a duplicate, an unlisted or unknown approver, a bad
   * signature, another call's digest, an ended or expired review) come back with
   * `ok: false` and the reason; nothing about the approval makes it throw. With an asynchronous store it throws: use `approveAsync`.
   */
  approve(review: string, approval: unknown): ReviewState;
  approveAsync(review: string, approval: unknown): Promise<ReviewState>;
  /** Ends a pending review: its call is never released. `by` says who rejected it, for the log. */
  reject(review: string, rejection: { readonly by: string; readonly reason: string }): ReviewState;
  rejectAsync(review: string, rejection: { readonly by: string; readonly reason: string }): Promise<ReviewState>;
  /** Where a review stands: `pending`, `released`, `rejected`, `used`, `expired` or `unknown`, with its approvers so far. */
  review(review: string): ReviewState;
  reviewAsync(review: string): Promise<ReviewState>;
  /** The store the enforcer keeps sessions in. */
  readonly store: SessionStore;
}

/**
 * Wraps a compiled policy module. The clock is an input: a request's own `now`
 * (ISO 8601 text or milliseconds) wins, else `options.clock`, else the system clock.
 * Throws only when `module` is not a compiled policy module.
 */
export function createEnforcer<M extends PolicyModule>(module: M, options: EnforcerOptions = {}): Enforcer<RequestOf<M>> {
  const parts = enforcerParts(module, options);
  const redactions = new Redactions(parts);
  const decider = new Decider(parts, redactions, options.logRequestParts !== false);
  const reviews = new Reviews(parts);
  const recorder = new Recorder(parts);
  const byDefault = options.explain === true;
  // Each pair is one method run two ways: without waiting (the store must then be synchronous) or awaiting any store.
  return {
    store: parts.store,
    decide: (request) => decider.decide(request, byDefault, true) as Decision,
    explain: (request) => decider.decide(request, true, true) as Decision,
    decideAsync: async (request) => decider.decide(request, byDefault, false),
    explainAsync: async (request) => decider.decide(request, true, false),
    preview: (request) => decider.preview(request, byDefault, true) as Decision,
    previewAsync: async (request) => decider.preview(request, byDefault, false),
    record: (decision, output, opts) => recorder.record(decision, output, opts, true) as void,
    recordAsync: async (decision, output, opts) => recorder.record(decision, output, opts, false),
    abandon: (decision) => recorder.abandon(decision, true) as void,
    abandonAsync: async (decision) => recorder.abandon(decision, false),
    observe: (session, content, opts) => recorder.observe(session, content, opts, true) as void,
    observeAsync: async (session, content, opts) => recorder.observe(session, content, opts, false),
    load: (session, state) => recorder.load(session, state, true) as void,
    loadAsync: async (session, state) => recorder.load(session, state, false),
    redact: (decision, output) => redactions.output(decision, output),
    approve: (review, approval) => reviews.approve(review, approval, true) as ReviewState,
    approveAsync: async (review, approval) => reviews.approve(review, approval, false),
    reject: (review, rejection) => reviews.reject(review, rejection, true) as ReviewState,
    rejectAsync: async (review, rejection) => reviews.reject(review, rejection, false),
    review: (review) => reviews.status(review, true) as ReviewState,
    reviewAsync: async (review) => reviews.status(review, false),
  };
}

/**
 * Imports a compiled policy module and wraps it. `specifier` is resolved as
 * `import()` resolves it from this package: pass an absolute file URL or a package name.
 */
export async function importEnforcer(specifier: string, options?: EnforcerOptions): Promise<Enforcer> {
  return createEnforcer((await import(specifier)) as PolicyModule, options);
}
