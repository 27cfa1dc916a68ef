// Deciding a request, written once as steps over the store (read once, prepared, decided, its review held or looked at, logged) and run without waiting or across the network.
import type { Decision, SessionView } from "../contract.js";
import type { CallIdentity } from "./decisions.js";
import { Judge, type MutableCall } from "./judging.js";
import { Preparer, type Prepared } from "./preparing.js";
import { DecisionLogger } from "./logging.js";
import type { Parts } from "./parts.js";
import type { Redactions } from "./redactions.js";
import { describe } from "../data/plain.js";
import { noting } from "../provenance/evidence.js";
import type { Held, Settled } from "../review/desk.js";
import type { ReviewRecord } from "../review/review.js";
import { callEvent, type Session } from "../session/session.js";
import { PREVIEW } from "./settled-calls.js";
import { runAsync, runSync, runUnasked, transact, type Steps, type StoreStep } from "../store/steps.js";
import type { Attempt, Transacted } from "../store/store.js";
import { own } from "../evaluate/value-semantics.js";

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

/** Why a synchronous method refuses a call whose steps ask an asynchronous store for `step`, naming the method to use instead. */
function asynchronousStore(step: StoreStep, instead: string): string {
  const needed = "transact" in step ? "this call needs its session, which an asynchronous store holds" : "reviews are kept in the store, which is asynchronous";
  return `${needed}: use \`${instead}\``;
}

/** Decides the requests of one enforcer: `decide`, `explain` and `preview`, each with a synchronous store or any. */
export class Decider {
  /** The request-side half: reading, preparing, and deciding what needs no store. */
  private readonly judge: Judge;
  /** What a call needs of its session. */
  private readonly preparer: Preparer;
  private readonly logger: DecisionLogger | undefined;
  private previews = 0;

  constructor(
    private readonly parts: Parts,
    private readonly redactions: Redactions,
    /** Whether a decision's log entry keeps the rest of the request. */
    logsRequestParts: boolean,
  ) {
    this.judge = new Judge(parts.module, parts.decisions, parts.requestClock, redactions.applier());
    this.preparer = new Preparer(parts.module, this.judge, parts.requestClock);
    this.logger = parts.log && new DecisionLogger(parts.log, parts.entries, parts.decisions, (d, r) => redactions.argMasks(d, r), logsRequestParts);
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
    const { request, refused } = this.judge.read(given, call, explain);
    if (refused) return { request, decision: refused };
    const p = this.preparer.prepare(request, call, explain);
    if (!("stateful" in p)) return { request, decision: p };
    if (p.stateful) return { request, pending: { request, p, first: undefined } };
    // A stateless call asks the store nothing unless it is held for review.
    const decision = this.judge.at(request, call, p.now, explain);
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
    if (!explain || view?.contents === undefined) return this.judge.decided(call, request, view, explain);
    // An explained decision that reads content says what its provenance checks that held matched.
    const { view: noted, matches } = noting(view);
    const decision = this.parts.decisions.fromOutcome(call, this.parts.module.evaluate(request, noted, true), true);
    return this.redactions.applied(matches.length > 0 ? { ...decision, provenance: matches } : decision, request, view);
  }

  /** What holding a `review` decision's call needs: its arguments, its time, and how to decide it again to release it. */
  private held(decision: Decision, request: unknown, p: Prepared, explain: boolean): Held {
    const now = this.reviewTime(p);
    return { decision, args: own(request, "args"), now: now ?? this.parts.reviewClock(), again: { now, attempt: this.attempt(request, p, explain, true) } };
  }

  /** The time a prepared request was decided at: a stateless call's is the clock's, read (once) when it was decided, if not before. */
  private reviewTime(p: Prepared): number | undefined {
    return p.stateful ? p.now : (p.now ?? this.judge.clockView.now);
  }

  /** Appends to the log, if there is one; a log that fails turns the decision into a `$error` deny, which is not logged. */
  private logged(decision: Decision, released: ReviewRecord | undefined, request: unknown, explain: boolean): Decision {
    return this.logger === undefined ? decision : this.logger.logged(decision, released, request, explain);
  }

  private unavailable(call: CallIdentity, reason: string, explain: boolean): Decision {
    return this.parts.decisions.reserved(call, "$state-unavailable", reason, explain);
  }

  /** A store that failed: the session's state is unavailable, so the call is denied. */
  private lost(call: CallIdentity, error: unknown, explain: boolean): Decision {
    return this.unavailable(call, `session state is unavailable: ${describe(error)}`, explain);
  }

  private failed(call: CallIdentity, error: unknown, explain: boolean): Decision {
    return this.judge.failed(call, error, explain);
  }
}
