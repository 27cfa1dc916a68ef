// The enforcer: wraps a compiled policy module into `decide(request)` over a session store, resolving `now`, never throwing.
import { NO_APPROVERS, type Approvers } from "./approval.js";
import { unreleasableReviews } from "./approver-check.js";
import type { Decision, EvaluationState, PolicyModule, SessionView, StateNeeds } from "./contract.js";
import { DecisionEntries, REQUEST_PARTS, type ArgumentMasks, type DecisionSink, type InvalidArgs, type LogEntry, type RequestParts } from "./decision-log.js";
import { DecisionMaker, type CallIdentity } from "./decisions.js";
import { Fault } from "./fault.js";
import { MemoryStore } from "./memory-store.js";
import { describe, isMarker, plainCopy } from "./plain.js";
import { redactPaths, type Redacted } from "./redact.js";
import { ReviewDesk, type Settled } from "./review-desk.js";
import type { ReviewState } from "./review.js";
import { noting } from "./provenance-evidence.js";
import { callEvent, contentEvent, outputEvents, type Session, type SessionEvent, type SessionLimits } from "./session.js";
import { isPreview, PREVIEW, SettledCalls } from "./settled-calls.js";
import { runAsync as runStepsAsync, runSync as runSteps, transact, type Steps } from "./store-steps.js";
import type { Attempt, SessionStore, StoreConfig, SyncSessionStore, Transacted } from "./store.js";
import { isTime } from "./time.js";
import { isRecord } from "./values.js";

/** How an enforcer decides, besides the policy. */
export interface EnforcerOptions {
  /**
   * The clock for requests without `now` (default `Date.now`); a fixed one for replays and tests. Given explicitly,
   * it is also the default memory store's clock (requests whose `now` is far from it are refused) and the time of
   * `record`, `observe` and `load`. `null`: no clock, so such requests have no time, and rules that read `now` or a
   * finite history window fail closed.
   */
  readonly clock?: (() => number) | null;
  /** Whether `decide` lists every matching rule in `matched`, as `explain` always does. */
  readonly explain?: boolean;
  /** Where sessions live (default: a new `MemoryStore` keeping time by `clock`). An asynchronous store needs `decideAsync`. */
  readonly store?: SessionStore;
  /**
   * A session untouched this long (by the store's clock, or its own requests' time) is forgotten; default 24 hours.
   * Never shorter than the policy's longest finite window, so no limit resets early.
   */
  readonly sessionIdleMs?: number;
  /**
   * How far (milliseconds) a request's `now` may be from the store's clock, the Redis server's or a memory store's
   * `clock`, before the request is `$invalid-request`; default 5 minutes, `Infinity` to accept any time.
   */
  readonly clockToleranceMs?: number;
  /** Bounds on one session: calls kept in history (default 10,000) and code units of content indexed (default 4,000,000). */
  readonly sessionLimits?: Partial<SessionLimits>;
  /** What decision ids start with (default: six random characters and `-`): ids are this and a counter. */
  readonly idPrefix?: string;
  /** Who may approve reviews, by the names `review` rules list: `ed25519Approvers({ cfo: publicKeyPem, ... })` of `@apol/audit`. */
  readonly approvers?: Approvers;
  /** How long a review waits for approvals when its rule sets no `expires` (default 24 hours). */
  readonly reviewExpiresMs?: number;
  /** Where every decision, approval, rejection and release is appended: an `AuditLog` of `@apol/audit`, say. */
  readonly log?: DecisionSink;
  /**
   * Arguments the log must not hold, by tool (`"*"`: every tool): `{ "login": ["password"], "*": ["card.number"] }`,
   * besides the `args.` paths of the policy's `redact` rules, which the log masks of every call they apply to.
   */
  readonly maskArgs?: ArgumentMasks;
  /**
   * How the log holds the arguments of `$unknown-tool` and `$invalid-request` decisions, whose misspelt tool or
   * argument names (`update_passwd`, `new_password`) no mask covers: `"masked"` (the default) keeps the argument
   * names and masks every value; `"clear"` logs them as any other call's, masked only by `maskArgs` and `redact` rules.
   */
  readonly logInvalidArgs?: InvalidArgs;
  /**
   * Whether a decision's log entry keeps the rest of the request (`now`, `user`, `agent`, `context`, `resource`,
   * `taint`) as given, so `apol audit export --trace` can replay logged traffic against another policy: `true` by
   * default; `false` for a host whose log must not hold identities.
   */
  readonly logRequestParts?: boolean;
  /**
   * Told once, when the enforcer is made, of each `review` rule that can never be released with `approvers`
   * (too few of its listed approvers have a key): default `console.warn`; pass `() => {}` where reviews are
   * never meant to be released (tests, replays).
   */
  readonly onWarning?: (message: string) => void;
}

/** Labels the caller adds to recorded or observed content. */
export interface ContentOptions {
  readonly labels?: readonly string[];
}

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

type MutableCall = { -readonly [K in keyof CallIdentity]: CallIdentity[K] };

/** What one request needs of its session, once `now`, the session and the tool are read. */
interface Prepared {
  readonly call: CallIdentity;
  readonly now: number | undefined;
  /** Whether deciding reads the session or an allowed call enters it: false means the request is decided without the store. */
  readonly stateful: boolean;
  /** Whether its rules read content (a session whose content was lost then fails closed). */
  readonly readsContents: boolean;
}

const DAY = 86_400_000;
/** Decision ids already recorded or voided, remembered to refuse a second `record` or `abandon` of the same call. */
const REMEMBERED = 4096;

/** A read of a session the enforcer does not know. */
const unknownRead = (): never => {
  throw new Fault("the session is unknown");
};
/**
 * The session of a call denied before the policy read it (a store that failed, a malformed `now`):
 * every read faults, so the `redact` rules whose conditions read it apply, and the log masks what they name.
 */
const UNKNOWN_SESSION: SessionView = {
  history: { count: unknownRead, sum: unknownRead },
  contents: { cameFrom: unknownRead, carries: unknownRead, tainted: unknownRead, exposed: unknownRead },
};

/** The request's parts besides tool, session and arguments that it has, for the log (the request is already a plain copy). */
function requestParts(request: unknown): RequestParts {
  const parts: Record<string, unknown> = {};
  for (const key of REQUEST_PARTS) {
    const value = own(request, key);
    if (value !== undefined) parts[key] = value;
  }
  return parts;
}

function own(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** The longest finite window of a policy: sessions must outlive it. */
function longestWindow(needs: StateNeeds): number {
  return Math.max(0, ...Object.values(needs.history).map((h) => (Number.isFinite(h.windowMs) ? h.windowMs : 0)));
}

function checkLabels(options: ContentOptions | undefined): readonly string[] {
  const labels = options?.labels ?? [];
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string")) throw new TypeError("`labels` must be a list of strings");
  return labels;
}

/**
 * Wraps a compiled policy module. The clock is an input: a request's own `now`
 * (ISO 8601 text or milliseconds) wins, else `options.clock`, else the system clock.
 * Throws only when `module` is not a compiled policy module.
 */
export function createEnforcer<M extends PolicyModule>(module: M, options: EnforcerOptions = {}): Enforcer<RequestOf<M>> {
  const { policy, policyHash, rules, needs, tools } = module;
  if (typeof policy !== "string" || typeof policyHash !== "string" || !Array.isArray(module.rules) || typeof module.evaluate !== "function") {
    throw new TypeError("not a compiled apol policy module");
  }
  if (typeof module.redactions !== "function" || typeof module.redact !== "function") {
    throw new TypeError("the policy module cannot redact outputs: recompile it with this version of apol");
  }
  if (!isRecord(needs) || !isRecord(needs.history) || !Array.isArray(needs.labels) || !isRecord(needs.reads)) {
    throw new TypeError("the policy module does not say what session state it needs: recompile it with this version of apol");
  }
  const clock = options.clock ?? undefined;
  const store = options.store ?? new MemoryStore(clock ? { clock } : {});
  const config: StoreConfig = {
    clockToleranceMs: options.clockToleranceMs ?? 5 * 60_000,
    namespace: policy,
    needs,
    idleMs: Math.max(options.sessionIdleMs ?? DAY, longestWindow(needs)),
    limits: { entries: 10_000, contentUnits: 4_000_000, ...options.sessionLimits },
  };
  const decisions = new DecisionMaker(module);
  const desk = new ReviewDesk(module, options.approvers ?? NO_APPROVERS, options.reviewExpiresMs ?? DAY);
  // The runtime is typed without a host's globals (it runs anywhere): `console` is looked up, not assumed.
  const warn = options.onWarning ?? ((message: string) => (globalThis as { console?: { warn(text: string): void } }).console?.warn(`apol: ${message}`));
  for (const message of unreleasableReviews(rules, options.approvers)) warn(message);
  const entries = new DecisionEntries(options.maskArgs, options.logInvalidArgs);
  const log = options.log;
  /** The time of approvals and of reviews of requests without one: reviews always expire. */
  const reviewClock = clock ?? Date.now;
  /**
   * The time of requests without one: the system clock unless told otherwise, so a rule with a finite window never
   * faults merely because no clock was given. Only an explicit `clock` also becomes the default store's clock (whose
   * tolerance refuses requests' own times far from it) and the time of `record`, `observe` and `load`.
   */
  const requestClock = options.clock === null ? () => undefined : (clock ?? Date.now);
  const redactPathsByRule = new Map(rules.flatMap((r) => (r.effect === "redact" ? [[r.name, r.paths ?? []] as const] : [])));
  /** The `args.` paths of the `redact` rules that name any: what the log masks of the calls they apply to. */
  const argPathsByRule = new Map<string, readonly (readonly string[])[]>(rules.flatMap((r) => (r.effect === "redact" && Array.isArray(r.argPaths) && r.argPaths.length > 0 ? [[r.name, r.argPaths] as const] : [])));
  /** Whether denied calls need their `redact` rules too: only to mask their arguments in a log. */
  const masksDenied = log !== undefined && argPathsByRule.size > 0;
  /** A policy without `redact` rules redacts nothing, so deciding never asks the module which apply. */
  const redacts = redactPathsByRule.size > 0;
  /** The `redact` rules that apply to a denied call, found against the view it was decided with; only its log entry reads them. */
  const deniedRedactions = new WeakMap<Decision, readonly string[]>();
  /** An explained decision that reads content: with what its provenance checks that held matched. */
  const explained = (call: CallIdentity, request: unknown, session: SessionView): Decision => {
    const { view, matches } = noting(session);
    const decision = decisions.fromOutcome(call, module.evaluate(request, view, true), true);
    return matches.length === 0 ? decision : { ...decision, provenance: matches };
  };
  /**
   * Evaluates a request; a call that may run carries the `redact` rules that apply to it, decided against the same view.
   * So does a denied call for the log, when rules mask arguments there.
   */
  const decided = (call: CallIdentity, request: unknown, view: SessionView | undefined, explain: boolean): Decision => {
    const decision = explain && view?.contents !== undefined ? explained(call, request, view) : decisions.fromOutcome(call, module.evaluate(request, view, explain), explain);
    if (!redacts) return decision;
    if (decision.effect !== "deny") return decisions.withRedactions(decision, module.redactions(request, view));
    if (masksDenied) deniedRedactions.set(decision, decisions.redactionNames(module.redactions(request, view)));
    return decision;
  };
  /**
   * The `args.` paths of the `redact` rules that apply to a decision's call, in source order: those the decision
   * names, or a denied call's, found when it was decided or, for a deny made without the policy, against an unknown session.
   */
  const ruleMasks = (decision: Decision, request: unknown): readonly (readonly string[])[] => {
    if (argPathsByRule.size === 0) return [];
    const names = decision.effect !== "deny" ? (decision.redactions ?? []) : (deniedRedactions.get(decision) ?? decisions.redactionNames(module.redactions(request, UNKNOWN_SESSION)));
    return names.flatMap((name) => argPathsByRule.get(name) ?? []);
  };
  const prefix = options.idPrefix ?? `${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}-`;
  let counter = 0;
  let previews = 0;
  const settled = new SettledCalls(prefix, tools, REMEMBERED);

  const unavailable = (call: CallIdentity, reason: string, explain: boolean): Decision => decisions.reserved(call, "$state-unavailable", reason, explain);
  const failed = (call: CallIdentity, error: unknown, explain: boolean): Decision =>
    decisions.reserved(call, "$error", `policy evaluation failed: ${describe(error)}`, explain);

  /** What each tool needs of its session: whether deciding it reads the session or an allowed call enters it, and whether it reads content. */
  const toolNeeds = new Map<string, { readonly stateful: boolean; readonly readsContents: boolean }>();
  for (const tool of new Set([...Object.keys(needs.reads), ...Object.keys(needs.history)])) {
    toolNeeds.set(tool, { stateful: true, readsContents: Object.hasOwn(needs.reads, tool) && needs.reads[tool]!.contents === true });
  }
  const STATELESS = { stateful: false, readsContents: false } as const;

  /**
   * The time of a stateless request without its own `now`, read from the clock only when a rule asks for it (once per
   * decision: `null` until then), so a policy that never reads `now` never reads the clock.
   */
  let clockRead: number | undefined | null = null;
  const clockView: SessionView = {
    get now() {
      if (clockRead === null) clockRead = requestClock();
      return clockRead;
    },
  };

  /** Reads `now`, `session` and the tool; a decision when the request is malformed there. */
  const prepare = (request: unknown, call: MutableCall, explain: boolean): Prepared | Decision => {
    const tool = own(request, "tool");
    const session = own(request, "session");
    if (typeof tool === "string") call.tool = tool;
    if (typeof session === "string") call.session = session;
    const given = own(request, "now");
    const now = given === undefined ? undefined : typeof given === "string" ? Date.parse(given) : given;
    if (given !== undefined && !isTime(now)) return decisions.reserved(call, "$invalid-request", "`now` must be an ISO 8601 timestamp or milliseconds", explain);
    if (session !== undefined && typeof session !== "string") return decisions.reserved(call, "$invalid-request", "`session` must be a string", explain);
    const uses = (call.tool !== undefined && toolNeeds.get(call.tool)) || STATELESS;
    const stateful = call.session !== undefined && uses.stateful;
    // A stateless decision reads the clock lazily (`clockView`); the store needs the time of every stateful one.
    return { call, now: (given === undefined && stateful ? requestClock() : now) as number | undefined, stateful, readsContents: uses.readsContents };
  };

  /**
   * One try at deciding against the session; an allowed call of a counted tool
   * comes with its history event. Never throws, so a store's failure is never mistaken for the policy's.
   */
  const attempt =
    (request: unknown, p: Prepared, explain: boolean): Attempt<Decision> =>
    (view: SessionView, session: Session) => {
      try {
        if (p.readsContents && session.contentLost !== undefined) return { result: unavailable(p.call, `${session.contentLost}, so provenance cannot be checked`, explain) };
        const decision = decided(p.call, request, view, explain);
        const event = decision.effect === "allow" ? callEvent(needs, p.call.id, p.call.tool!, own(request, "args"), p.now ?? Number.NaN) : undefined;
        return { result: decision, event };
      } catch (error) {
        return { result: failed(p.call, error, explain) };
      }
    };

  const settle = (done: Transacted<Decision>, p: Prepared, explain: boolean): Decision => {
    if (done.invalid !== undefined) return decisions.reserved(p.call, "$invalid-request", done.invalid, explain);
    return done.refused === undefined ? done.result : unavailable(p.call, done.refused, explain);
  };

  /** Decides a prepared request without waiting: statelessly, or with a synchronous store. */
  const decideNow = (request: unknown, p: Prepared, explain: boolean): Decision => {
    if (!p.stateful) {
      if (p.now !== undefined) return decided(p.call, request, { now: p.now }, explain);
      clockRead = null;
      return decided(p.call, request, clockView, explain);
    }
    if (!store.synchronous) return unavailable(p.call, "this call needs its session, which an asynchronous store holds: use `decideAsync`", explain);
    return settle(store.transact(config, p.call.session!, p.now, attempt(request, p, explain)), p, explain);
  };

  /** Appends to the log, if there is one; a log that fails turns the decision into a `$error` deny, which is not logged. */
  const logged = (decision: Decision, request: unknown, settled: Settled | undefined, explain: boolean): Decision => {
    if (!log) return decision;
    try {
      const released = settled?.released;
      if (released) log.append({ event: "release", review: released.id, digest: released.digest, by: released.approvals.map((a) => a.approver), decisionId: decision.id });
      log.append(entries.decision(decision, own(request, "args"), ruleMasks(decision, request), options.logRequestParts === false ? {} : requestParts(request)));
      return decision;
    } catch (error) {
      return decisions.reserved({ id: decision.id, tool: decision.tool, session: decision.session }, "$error", `the decision log failed: ${describe(error)}`, explain);
    }
  };

  /** The steps that hold a `review` decision's call, or release it. */
  const holding = (decision: Decision, request: unknown, p: Prepared, explain: boolean): Steps<Settled> => {
    // A stateless call was decided at the clock's time, read (once) when the decision was made, if not before.
    const now = p.stateful ? p.now : (p.now ?? clockView.now);
    return desk.hold({ decision, args: own(request, "args"), now: now ?? reviewClock(), again: { now, attempt: attempt(request, p, explain) } });
  };
  const reviewFailed = (p: Prepared, error: unknown, explain: boolean): Decision => unavailable(p.call, `the review could not be kept: ${describe(error)}`, explain);

  /**
   * The request read once into plain data (what is validated is what is decided on), with the
   * `$invalid-request` decision for one that is not plain data; the log then gets the copy, with markers where it was not.
   */
  const reading = (given: unknown, call: MutableCall, explain: boolean): { request: unknown; refused?: Decision } => {
    // INVARIANT (read-once): nothing below sees `given`, only its copy.
    const { value, problem } = plainCopy(given, "request");
    if (problem === undefined) return { request: value };
    const tool = own(value, "tool");
    const session = own(value, "session");
    if (typeof tool === "string" && !isMarker(tool)) call.tool = tool;
    if (typeof session === "string" && !isMarker(session)) call.session = session;
    return { request: value, refused: decisions.reserved(call, "$invalid-request", problem, explain) };
  };

  const run = (given: unknown, explain: boolean): Decision => {
    const call: MutableCall = { id: `${prefix}${++counter}`, tool: undefined, session: undefined };
    const { request, refused } = reading(given, call, explain);
    if (refused) return logged(refused, request, undefined, explain);
    let decision: Decision;
    let settled: Settled | undefined;
    try {
      const p = prepare(request, call, explain);
      decision = "stateful" in p ? decideNow(request, p, explain) : p;
      if (decision.effect === "review" && "stateful" in p) {
        if (!store.synchronous) decision = unavailable(call, "reviews are kept in the store, which is asynchronous: use `decideAsync`", explain);
        else {
          try {
            settled = runSteps(holding(decision, request, p, explain), store, config);
            decision = settled.decision;
          } catch (error) {
            decision = reviewFailed(p, error, explain);
          }
        }
      }
    } catch (error) {
      decision = failed(call, error, explain);
    }
    return logged(decision, request, settled, explain);
  };

  /**
   * A preview's steps: decided against the session in a store transaction that commits no event (so, like a denied
   * call, it only keeps the session from going idle), then the review looked at, not opened or used.
   */
  function* previewing(request: unknown, p: Prepared, explain: boolean): Steps<Decision> {
    let decision: Decision;
    if (p.stateful) {
      const decide = attempt(request, p, explain);
      decision = settle(yield* transact(p.call.session!, p.now, (view, session) => ({ result: decide(view, session).result })), p, explain);
    } else {
      try {
        decision = decideNow(request, p, explain);
      } catch (error) {
        return failed(p.call, error, explain);
      }
    }
    if (decision.effect !== "review") return decision;
    const now = p.stateful ? p.now : (p.now ?? clockView.now);
    return yield* desk.peek(decision, own(request, "args"), now ?? reviewClock());
  }

  /** A preview of `given`, with a synchronous store or any; never throws. */
  const preview = (given: unknown, explain: boolean, synchronous: boolean): Decision | Promise<Decision> => {
    const call: MutableCall = { id: `${prefix}${PREVIEW}${++previews}`, tool: undefined, session: undefined };
    const { request, refused } = reading(given, call, explain);
    if (refused) return refused;
    let p: Prepared;
    try {
      const prepared = prepare(request, call, explain);
      if (!("stateful" in prepared)) return prepared;
      p = prepared;
    } catch (error) {
      return failed(call, error, explain);
    }
    const steps = previewing(request, p, explain);
    const lost = (error: unknown): Decision => unavailable(call, `session state is unavailable: ${describe(error)}`, explain);
    if (!synchronous) return runStepsAsync(steps, store, config).catch(lost);
    try {
      // A synchronous preview asks an asynchronous store nothing: only a call decided without it can be previewed.
      if (store.synchronous) return runSteps(steps, store, config);
      const first = steps.next();
      return first.done ? first.value : unavailable(call, "this call needs the store, which is asynchronous: use `previewAsync`", explain);
    } catch (error) {
      return lost(error);
    }
  };

  /** Decides without logging: the session and the review may be across the network. */
  const decideAcross = async (request: unknown, call: MutableCall, explain: boolean): Promise<{ decision: Decision; settled?: Settled }> => {
    let p: Prepared;
    /** Undefined until decided: a stateful call with an asynchronous store is decided below, across the network. */
    let decision: Decision | undefined;
    try {
      const prepared = prepare(request, call, explain);
      if (!("stateful" in prepared)) return { decision: prepared };
      p = prepared;
      if (!p.stateful || store.synchronous) decision = decideNow(request, p, explain);
    } catch (error) {
      return { decision: failed(call, error, explain) };
    }
    if (decision === undefined) {
      try {
        decision = settle(await store.transact(config, p.call.session!, p.now, attempt(request, p, explain)), p, explain);
      } catch (error) {
        return { decision: unavailable(p.call, `session state is unavailable: ${describe(error)}`, explain) };
      }
    }
    if (decision.effect !== "review") return { decision };
    try {
      const settled = await runStepsAsync(holding(decision, request, p, explain), store, config);
      return { decision: settled.decision, settled };
    } catch (error) {
      return { decision: reviewFailed(p, error, explain) };
    }
  };

  const runAsync = async (given: unknown, explain: boolean): Promise<Decision> => {
    const call: MutableCall = { id: `${prefix}${++counter}`, tool: undefined, session: undefined };
    const { request, refused } = reading(given, call, explain);
    if (refused) return logged(refused, request, undefined, explain);
    const { decision, settled } = await decideAcross(request, call, explain);
    return logged(decision, request, settled, explain);
  };

  /** Logs an approval or a rejection and what came of it; the store took it already, so a failing log is reported, not thrown. */
  const noted = (entry: LogEntry, state: ReviewState): ReviewState => {
    try {
      log?.append(entry);
      return state;
    } catch (error) {
      return { ...state, reason: `${state.reason}; the decision log failed: ${describe(error)}` };
    }
  };
  /**
   * Approving: the approval read once into plain data before any check (a getter cannot answer one name to
   * the checks and another to the record), the steps that apply it, and its log entry. Never throws.
   */
  const approving = (review: unknown, approval: unknown): { steps: Steps<ReviewState>; entry: (state: ReviewState) => LogEntry } => {
    // INVARIANT (read-once): the checks, the stored review and the log entry all read this copy.
    const { value, problem } = plainCopy(approval, "approval");
    const steps = problem === undefined ? desk.approve(review, value, reviewClock()) : desk.refuse(review, `malformed approval: ${problem}`);
    const entry = (state: ReviewState): LogEntry => ({
      event: "approval",
      review: typeof review === "string" ? review : state.review,
      approver: own(value, "approver"),
      digest: own(value, "digest"),
      signature: own(value, "signature"),
      state,
    });
    return { steps, entry };
  };
  /** Rejecting, read once as approving is. */
  const rejecting = (review: unknown, rejection: unknown): { steps: Steps<ReviewState>; entry: (state: ReviewState) => LogEntry } => {
    // INVARIANT (read-once)
    const { value, problem } = plainCopy(rejection, "rejection");
    const by = own(value, "by");
    const reason = own(value, "reason");
    const steps = problem === undefined ? desk.reject(review, by, reason, reviewClock()) : desk.refuse(review, `malformed rejection: ${problem}`);
    const entry = (state: ReviewState): LogEntry => ({ event: "rejection", review: typeof review === "string" ? review : state.review, by, reason, state });
    return { steps, entry };
  };

  /** The session and events of recording `output` for `decision`; throws on a decision that cannot be recorded. */
  const recording = (decision: Decision, output: unknown, opts: ContentOptions | undefined): { session: string; events: SessionEvent[] } => {
    const labels = checkLabels(opts);
    const { session, tool } = settled.settle(decision, "recorded");
    const returns = tools[tool]!.returns;
    return { session, events: outputEvents(needs, decision.id, tool, output, returns === undefined ? labels : [returns, ...labels]) };
  };

  /** The session and event of voiding `decision`'s call; throws on a decision that cannot be voided. */
  const abandoning = (decision: Decision): { session: string; events: SessionEvent[] } => {
    const { session } = settled.settle(decision, "voided");
    return { session, events: [{ kind: "void", id: decision.id }] };
  };
  /** Logs a void the store made; a failing log is thrown, saying the call was voided all the same. */
  const voidLogged = (decision: Decision, session: string): void => {
    try {
      log?.append({ event: "void", decisionId: decision.id, tool: decision.tool!, session });
    } catch (error) {
      throw new Error(`decision \`${decision.id}\` was voided, but the decision log failed: ${describe(error)}`, { cause: error });
    }
  };

  const observing = (session: string, content: unknown, opts: ContentOptions | undefined): SessionEvent[] => {
    if (typeof session !== "string") throw new TypeError("`observe` needs a session id (a string)");
    const event = contentEvent(needs, content, checkLabels(opts));
    return event ? [event] : [];
  };

  /** The events that replay a written-out session; ids are fresh, so they never meet a decision's. */
  const loading = (session: string, state: Omit<EvaluationState, "now">): SessionEvent[] => {
    if (typeof session !== "string") throw new TypeError("`load` needs a session id (a string)");
    const events: SessionEvent[] = [];
    for (const entry of state.history ?? []) {
      const id = `${prefix}${++counter}`;
      const call = callEvent(needs, id, entry.tool, entry.args, entry.time);
      if (call) events.push(call, ...outputEvents(needs, id, entry.tool, entry.output, []));
    }
    for (const content of state.contents ?? []) {
      const event = contentEvent(needs, content.text, checkLabels({ labels: content.labels }));
      if (event) events.push(event);
    }
    return events;
  };

  /** Tells the host its content was not kept: the `lost` event already makes the session fail closed on provenance. */
  const reportLost = (events: readonly SessionEvent[]): void => {
    const lost = events.find((e) => e.kind === "lost");
    if (lost) throw new Error(`${lost.reason}: decisions in this session that check provenance now fail closed`);
  };

  const syncStore = (method: string): SyncSessionStore => {
    if (!store.synchronous) throw new Error(`the store is asynchronous: use \`${method}Async\``);
    return store;
  };

  const byDefault = options.explain === true;
  return {
    store,
    approve(review, approval) {
      const { steps, entry } = approving(review, approval);
      const state = runSteps(steps, syncStore("approve"), config);
      return noted(entry(state), state);
    },
    async approveAsync(review, approval) {
      const { steps, entry } = approving(review, approval);
      const state = await runStepsAsync(steps, store, config);
      return noted(entry(state), state);
    },
    reject(review, rejection) {
      const { steps, entry } = rejecting(review, rejection);
      const state = runSteps(steps, syncStore("reject"), config);
      return noted(entry(state), state);
    },
    async rejectAsync(review, rejection) {
      const { steps, entry } = rejecting(review, rejection);
      const state = await runStepsAsync(steps, store, config);
      return noted(entry(state), state);
    },
    review: (review) => runSteps(desk.status(review, reviewClock()), syncStore("review"), config),
    reviewAsync: (review) => runStepsAsync(desk.status(review, reviewClock()), store, config),
    decide: (request) => run(request, byDefault),
    explain: (request) => run(request, true),
    decideAsync: (request) => runAsync(request, byDefault),
    explainAsync: (request) => runAsync(request, true),
    preview: (request) => preview(request, byDefault, true) as Decision,
    previewAsync: async (request) => preview(request, byDefault, false),
    record(decision, output, opts) {
      const target = syncStore("record");
      const { session, events } = recording(decision, output, opts);
      target.append(config, session, clock?.(), events);
      reportLost(events);
    },
    redact(decision, output) {
      if (!isRecord(decision) || typeof decision.id !== "string" || !decision.id.startsWith(prefix)) {
        throw new TypeError("`redact` takes a decision this enforcer made");
      }
      if (isPreview(decision.id, prefix)) throw new Error(`decision \`${decision.id}\` is a preview: no call ran`);
      if (decision.effect === "deny") throw new Error(`decision \`${decision.id}\` is \`deny\` (rule \`${decision.rule}\`): a denied call has no output to redact`);
      const names = decision.redactions ?? [];
      const paths = names.flatMap((name) => {
        const found = redactPathsByRule.get(name);
        if (found === undefined) throw new TypeError(`decision \`${decision.id}\` names \`${name}\`, which is no \`redact\` rule of the policy`);
        return found;
      });
      return redactPaths(output, paths);
    },
    async recordAsync(decision, output, opts) {
      const { session, events } = recording(decision, output, opts);
      await store.append(config, session, clock?.(), events);
      reportLost(events);
    },
    abandon(decision) {
      const target = syncStore("abandon");
      const { session, events } = abandoning(decision);
      target.append(config, session, clock?.(), events);
      voidLogged(decision, session);
    },
    async abandonAsync(decision) {
      const { session, events } = abandoning(decision);
      await store.append(config, session, clock?.(), events);
      voidLogged(decision, session);
    },
    observe(session, content, opts) {
      const events = observing(session, content, opts);
      syncStore("observe").append(config, session, clock?.(), events);
      reportLost(events);
    },
    async observeAsync(session, content, opts) {
      const events = observing(session, content, opts);
      await store.append(config, session, clock?.(), events);
      reportLost(events);
    },
    load(session, state) {
      const events = loading(session, state);
      syncStore("load").append(config, session, clock?.(), events);
      reportLost(events);
    },
    async loadAsync(session, state) {
      const events = loading(session, state);
      await store.append(config, session, clock?.(), events);
      reportLost(events);
    },
  };
}

/**
 * Imports a compiled policy module and wraps it. `specifier` is resolved as
 * `import()` resolves it from this package: pass an absolute file URL or a package name.
 */
export async function loadPolicy(specifier: string, options?: EnforcerOptions): Promise<Enforcer> {
  return createEnforcer((await import(specifier)) as PolicyModule, options);
}
