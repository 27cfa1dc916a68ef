// Deciding a request, written once as steps over the store (read once, prepared, decided, its review held or looked at, logged) and run without waiting or across the network.
import type { Decision, SessionView } from "../contract.js";
import { REQUEST_PARTS, type RequestParts } from "../log/decision-log.js";
import type { CallIdentity } from "./decisions.js";
import type { Parts } from "./parts.js";
import type { Redactions } from "./redactions.js";
import { describe, isMarker, plainCopy } from "../data/plain.js";
import { noting } from "../provenance/evidence.js";
import type { Held, Settled } from "../review/desk.js";
import type { ReviewRecord } from "../review/review.js";
import { callEvent, type Session } from "../session/session.js";
import { PREVIEW } from "./settled-calls.js";
import { runAsync, runSync, runUnasked, transact, type Steps, type StoreStep } from "../store/steps.js";
import type { Attempt, Transacted } from "../store/store.js";
import { isTime } from "../evaluate/time.js";
import { own } from "../evaluate/value-semantics.js";

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

/** A call that needs the store: the request, prepared, and its decision when it was made without the store (a stateless call held for review). */
interface Pending {
  readonly request: unknown;
  readonly p: Prepared;
  readonly first: Decision | undefined;
}

/** A request begun: decided already, or pending on the store. */
type Begun =
  | { readonly request: unknown; readonly decision: Decision; readonly pending?: undefined }
  | { readonly request: unknown; readonly pending: Pending; readonly decision?: undefined };

/** What a tool needs of its session. */
interface ToolNeeds {
  readonly stateful: boolean;
  readonly readsContents: boolean;
}

const STATELESS: ToolNeeds = { stateful: false, readsContents: false };

/** The request's parts besides tool, session and arguments that it has, for the log (the request is already a plain copy). */
function requestParts(request: unknown): RequestParts {
  const parts: Record<string, unknown> = {};
  for (const key of REQUEST_PARTS) {
    const value = own(request, key);
    if (value !== undefined) parts[key] = value;
  }
  return parts;
}

/** Why a synchronous method refuses a call whose steps ask an asynchronous store for `step`, naming the method to use instead. */
function asynchronousStore(step: StoreStep, instead: string): string {
  const needed = "transact" in step ? "this call needs its session, which an asynchronous store holds" : "reviews are kept in the store, which is asynchronous";
  return `${needed}: use \`${instead}\``;
}

/** Decides the requests of one enforcer: `decide`, `explain` and `preview`, each with a synchronous store or any. */
export class Decider {
  /** What each tool needs of its session: whether deciding it reads the session or an allowed call enters it, and whether it reads content. */
  private readonly toolNeeds = new Map<string, ToolNeeds>();
  /**
   * The time of a stateless request without its own `now`, read from the clock only when a rule asks for it (once per
   * decision: `null` until then), so a policy that never reads `now` never reads the clock.
   */
  private clockRead: number | undefined | null = null;
  private readonly clockView: SessionView;
  private previews = 0;

  constructor(
    private readonly parts: Parts,
    private readonly redactions: Redactions,
    /** Whether a decision's log entry keeps the rest of the request. */
    private readonly logsRequestParts: boolean,
  ) {
    const { needs } = parts.module;
    for (const tool of new Set([...Object.keys(needs.reads), ...Object.keys(needs.history)])) {
      this.toolNeeds.set(tool, { stateful: true, readsContents: Object.hasOwn(needs.reads, tool) && needs.reads[tool]!.contents === true });
    }
    const read = (): number | undefined => {
      if (this.clockRead === null) this.clockRead = parts.requestClock();
      return this.clockRead;
    };
    this.clockView = {
      get now() {
        return read();
      },
    };
  }

  /** Decides `given` and logs the decision, without waiting (`synchronous`) or across the network. Never throws, never rejects. */
  decide(given: unknown, explain: boolean, synchronous: boolean): Decision | Promise<Decision> {
    const call: MutableCall = { id: this.parts.nextId(), tool: undefined, session: undefined };
    const begun = this.begin(given, call, explain);
    if (begun.pending === undefined) return this.logged(begun.decision, undefined, begun.request, explain);
    const steps = this.deciding(begun.pending, explain);
    const { store, config } = this.parts;
    const logged = ({ decision, released }: Settled): Decision => this.logged(decision, released, begun.request, explain);
    // INVARIANT (never-throws): the steps answer every failure they foresee; anything else still becomes a decision.
    const failed = (error: unknown): Decision => logged({ decision: this.failed(call, error, explain) });
    if (!synchronous) return runAsync(steps, store, config).then(logged, failed);
    try {
      // A synchronous `decide` asks an asynchronous store nothing: a call that needs it is refused, naming what it needed.
      if (store.synchronous) return logged(runSync(steps, store, config));
      return logged(runUnasked(steps, (step) => ({ decision: this.unavailable(call, asynchronousStore(step, "decideAsync"), explain) })));
    } catch (error) {
      return failed(error);
    }
  }

  /**
   * The decision `decide` would make of `given` now, with none of its effects, without waiting (`synchronous`) or
   * across the network. Never throws, never rejects.
   */
  preview(given: unknown, explain: boolean, synchronous: boolean): Decision | Promise<Decision> {
    const call: MutableCall = { id: `${this.parts.prefix}${PREVIEW}${++this.previews}`, tool: undefined, session: undefined };
    const begun = this.begin(given, call, explain);
    if (begun.pending === undefined) return begun.decision;
    const steps = this.previewing(begun.pending, explain);
    const { store, config } = this.parts;
    if (!synchronous) return runAsync(steps, store, config).catch((error: unknown) => this.lost(call, error, explain));
    try {
      if (store.synchronous) return runSync(steps, store, config);
      return runUnasked(steps, () => this.unavailable(call, "this call needs the store, which is asynchronous: use `previewAsync`", explain));
    } catch (error) {
      return this.lost(call, error, explain);
    }
  }

  /**
   * What deciding and previewing share before the store: the request read once, prepared and, when it needs no
   * session, decided. Its decision is final unless the call needs the store (its session, or a review): then it is `pending`.
   */
  private begin(given: unknown, call: MutableCall, explain: boolean): Begun {
    // INVARIANT (read-once): nothing below sees `given`, only its copy.
    const copied = plainCopy(given, "request");
    const request = copied.value;
    if (copied.problem !== undefined) return { request, decision: this.notData(request, copied.problem, call, explain) };
    const p = this.prepared(request, call, explain);
    if (!("stateful" in p)) return { request, decision: p };
    if (p.stateful) return { request, pending: { request, p, first: undefined } };
    // A stateless call asks the store nothing unless it is held for review.
    const decision = this.stateless(request, p, explain);
    return decision.effect === "review" ? { request, pending: { request, p, first: decision } } : { request, decision };
  }

  /** Deciding a call that needs the store: the decision, with the review it used up if it released one; whatever the store does. */
  private *deciding({ request, p, first }: Pending, explain: boolean): Steps<Settled> {
    const decision = first ?? (yield* this.transacted(request, p, explain, true));
    if (decision.effect !== "review") return { decision };
    try {
      return yield* this.parts.desk.hold(this.held(decision, request, p, explain));
    } catch (error) {
      // INVARIANT (never-throws): a review the store could not keep denies the call.
      return { decision: this.unavailable(p.call, `the review could not be kept: ${describe(error)}`, explain) };
    }
  }

  /**
   * A preview's steps: decided against the session in a store transaction that commits no event (so, like a denied
   * call, it only keeps the session from going idle), then the review looked at, not opened or used.
   */
  private *previewing({ request, p, first }: Pending, explain: boolean): Steps<Decision> {
    const decision = first ?? (yield* this.transacted(request, p, explain, false));
    if (decision.effect !== "review") return decision;
    try {
      const now = this.reviewTime(p);
      return yield* this.parts.desk.peek(decision, own(request, "args"), now ?? this.parts.reviewClock());
    } catch (error) {
      return this.lost(p.call, error, explain);
    }
  }

  /**
   * Decides a prepared request that needs its session, in a transaction on it that, when `commits`, enters an
   * allowed call into history. Never throws: a store that fails denies the call.
   */
  private *transacted(request: unknown, p: Prepared, explain: boolean, commits: boolean): Steps<Decision> {
    let done: Transacted<Decision>;
    try {
      done = yield* transact(p.call.session!, p.now, this.attempt(request, p, explain, commits));
    } catch (error) {
      return this.lost(p.call, error, explain);
    }
    if (done.invalid !== undefined) return this.parts.decisions.reserved(p.call, "$invalid-request", done.invalid, explain);
    return done.refused === undefined ? done.result : this.unavailable(p.call, done.refused, explain);
  }

  /** Decides a prepared request that needs no session, at its own time or the clock's (read only if a rule asks). Never throws. */
  private stateless(request: unknown, p: Prepared, explain: boolean): Decision {
    try {
      if (p.now !== undefined) return this.decided(p.call, request, { now: p.now }, explain);
      this.clockRead = null;
      return this.decided(p.call, request, this.clockView, explain);
    } catch (error) {
      return this.failed(p.call, error, explain);
    }
  }

  /**
   * One try at deciding against the session; an allowed call of a counted tool comes with its history event when
   * the transaction `commits`. Never throws, so a store's failure is never mistaken for the policy's.
   */
  private attempt(request: unknown, p: Prepared, explain: boolean, commits: boolean): Attempt<Decision> {
    return (view: SessionView, session: Session) => {
      try {
        if (p.readsContents && session.contentLost !== undefined)
          return { result: this.unavailable(p.call, `${session.contentLost}, so provenance cannot be checked`, explain) };
        const decision = this.decided(p.call, request, view, explain);
        if (!commits || decision.effect !== "allow") return { result: decision };
        return { result: decision, event: callEvent(this.parts.module.needs, p.call.id, p.call.tool!, own(request, "args"), p.now ?? Number.NaN) };
      } catch (error) {
        return { result: this.failed(p.call, error, explain) };
      }
    };
  }

  /** Evaluates a request against `view`: the decision, with the `redact` rules that apply; throws what the module throws. */
  private decided(call: CallIdentity, request: unknown, view: SessionView | undefined, explain: boolean): Decision {
    const { module, decisions } = this.parts;
    let decision: Decision;
    if (explain && view?.contents !== undefined) {
      // An explained decision that reads content says what its provenance checks that held matched.
      const { view: noted, matches } = noting(view);
      decision = decisions.fromOutcome(call, module.evaluate(request, noted, true), true);
      if (matches.length > 0) decision = { ...decision, provenance: matches };
    } else decision = decisions.fromOutcome(call, module.evaluate(request, view, explain), explain);
    return this.redactions.applied(decision, request, view);
  }

  /** What holding a `review` decision's call needs: its arguments, its time, and how to decide it again to release it. */
  private held(decision: Decision, request: unknown, p: Prepared, explain: boolean): Held {
    const now = this.reviewTime(p);
    return { decision, args: own(request, "args"), now: now ?? this.parts.reviewClock(), again: { now, attempt: this.attempt(request, p, explain, true) } };
  }

  /** The time a prepared request was decided at: a stateless call's is the clock's, read (once) when it was decided, if not before. */
  private reviewTime(p: Prepared): number | undefined {
    return p.stateful ? p.now : (p.now ?? this.clockView.now);
  }

  /**
   * The `$invalid-request` decision for a request that is not plain data, given its copy (what is validated is what
   * is decided on, so nothing else is decided); the log then gets the copy, with markers where the request was not data.
   */
  private notData(copy: unknown, problem: string, call: MutableCall, explain: boolean): Decision {
    const tool = own(copy, "tool");
    const session = own(copy, "session");
    if (typeof tool === "string" && !isMarker(tool)) call.tool = tool;
    if (typeof session === "string" && !isMarker(session)) call.session = session;
    return this.parts.decisions.reserved(call, "$invalid-request", problem, explain);
  }

  /** Reads `now`, `session` and the tool; a decision when the request is malformed there, or the clock fails. */
  private prepared(request: unknown, call: MutableCall, explain: boolean): Prepared | Decision {
    const tool = own(request, "tool");
    const session = own(request, "session");
    if (typeof tool === "string") call.tool = tool;
    if (typeof session === "string") call.session = session;
    const given = own(request, "now");
    const now = given === undefined ? undefined : typeof given === "string" ? Date.parse(given) : given;
    if (given !== undefined && !isTime(now))
      return this.parts.decisions.reserved(call, "$invalid-request", "`now` must be an ISO 8601 timestamp or milliseconds", explain);
    if (session !== undefined && typeof session !== "string")
      return this.parts.decisions.reserved(call, "$invalid-request", "`session` must be a string", explain);
    // Only a call in a session can need it: the lookup is left out for the others.
    const uses = (call.session !== undefined && call.tool !== undefined && this.toolNeeds.get(call.tool)) || STATELESS;
    const stateful = uses.stateful;
    try {
      // A stateless decision reads the clock lazily (`clockView`); the store needs the time of every stateful one.
      return {
        call,
        now: (given === undefined && stateful ? this.parts.requestClock() : now) as number | undefined,
        stateful,
        readsContents: uses.readsContents,
      };
    } catch (error) {
      return this.failed(call, error, explain);
    }
  }

  /** Appends to the log, if there is one; a log that fails turns the decision into a `$error` deny, which is not logged. */
  private logged(decision: Decision, released: ReviewRecord | undefined, request: unknown, explain: boolean): Decision {
    const { log, entries, decisions } = this.parts;
    if (!log) return decision;
    try {
      if (released)
        log.append({ event: "release", review: released.id, digest: released.digest, by: released.approvals.map((a) => a.approver), decisionId: decision.id });
      log.append(
        entries.decision(decision, own(request, "args"), this.redactions.argMasks(decision, request), this.logsRequestParts ? requestParts(request) : {}),
      );
      return decision;
    } catch (error) {
      return decisions.reserved(
        { id: decision.id, tool: decision.tool, session: decision.session },
        "$error",
        `the decision log failed: ${describe(error)}`,
        explain,
      );
    }
  }

  private unavailable(call: CallIdentity, reason: string, explain: boolean): Decision {
    return this.parts.decisions.reserved(call, "$state-unavailable", reason, explain);
  }

  /** A store that failed: the session's state is unavailable, so the call is denied. */
  private lost(call: CallIdentity, error: unknown, explain: boolean): Decision {
    return this.unavailable(call, `session state is unavailable: ${describe(error)}`, explain);
  }

  private failed(call: CallIdentity, error: unknown, explain: boolean): Decision {
    return this.parts.decisions.reserved(call, "$error", `policy evaluation failed: ${describe(error)}`, explain);
  }
}
