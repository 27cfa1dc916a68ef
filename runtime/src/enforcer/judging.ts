// Deciding what needs no store: a request read once, its call identified, and evaluated at its own time or the clock's; what every enforcer, stateless or not, decides with.
import type { Decision, PolicyModule, SessionView } from "../contract.js";
import type { CallIdentity, DecisionMaker } from "./decisions.js";
import { describe, isMarker, plainCopy } from "../data/plain.js";
import { isTime } from "../evaluate/time.js";
import { isRecord, own } from "../evaluate/value-semantics.js";

const OP = Object.prototype;

export type MutableCall = { -readonly [K in keyof CallIdentity]: CallIdentity[K] };

/** Adds to a decision the `redact` rules that apply to its call (`Redactions.applied`); throws what the module throws. */
export type ApplyRedactions = (decision: Decision, request: unknown, view: SessionView | undefined) => Decision;

/**
 * The time of requests without one, from an enforcer's `clock` option: the system clock unless told otherwise, so a
 * rule with a finite window never faults merely because no clock was given; `null`, no time.
 */
export function requestClock(clock: (() => number) | null | undefined): () => number | undefined {
  return clock === null ? () => undefined : (clock ?? Date.now);
}

/** The request-side half of deciding, for one policy module: everything before and after the store, and all of a call that needs none (`createEnforcer` prepares calls for the store with `Preparer`). */
export class Judge {
  /**
   * The time of a stateless request without its own `now`, read from the clock only when a rule asks for it (once per
   * decision: `null` until then), so a policy that never reads `now` never reads the clock.
   */
  private clockRead: number | undefined | null = null;
  /** The session view of a stateless decision: its time, read lazily. */
  readonly clockView: SessionView;

  constructor(
    private readonly module: PolicyModule,
    private readonly decisions: DecisionMaker,
    /** The time of requests without one. */
    requestClock: () => number | undefined,
    /** How a decision gets its `redact` rules: none when the policy has none. */
    private readonly redactions: ApplyRedactions | undefined,
  ) {
    const read = (): number | undefined => {
      if (this.clockRead === null) this.clockRead = requestClock();
      return this.clockRead;
    };
    this.clockView = {
      get now() {
        return read();
      },
    };
  }

  /**
   * The request read once into plain data (what is validated is what is decided on), with the
   * `$invalid-request` decision for one that is not plain data; the log then gets the copy, with markers where it was not.
   */
  read(given: unknown, call: MutableCall, explain: boolean): { request: unknown; refused?: Decision } {
    // INVARIANT (read-once): nothing below sees `given`, only its copy.
    const { value, problem } = plainCopy(given, "request");
    if (problem === undefined) return { request: value };
    const tool = own(value, "tool");
    const session = own(value, "session");
    if (typeof tool === "string" && !isMarker(tool)) call.tool = tool;
    if (typeof session === "string" && !isMarker(session)) call.session = session;
    return { request: value, refused: this.decisions.reserved(call, "$invalid-request", problem, explain) };
  }

  /**
   * Reads the call's tool and session into `call`, and the request's time: its `now` (undefined when it gives none),
   * or the decision refusing a malformed `now` or `session`. `request` is the copy `read` made.
   */
  identify(request: unknown, call: MutableCall, explain: boolean): number | undefined | Decision {
    // The copy is an ordinary object (or no object), so a direct read finds its own field unless `Object.prototype` lends the key.
    const direct = isRecord(request) && !("tool" in OP || "session" in OP || "now" in OP);
    const tool = direct ? request.tool : own(request, "tool");
    const session = direct ? request.session : own(request, "session");
    if (typeof tool === "string") call.tool = tool;
    if (typeof session === "string") call.session = session;
    const given = direct ? request.now : own(request, "now");
    const now = given === undefined ? undefined : typeof given === "string" ? Date.parse(given) : given;
    if (given !== undefined && !isTime(now))
      return this.decisions.reserved(call, "$invalid-request", "`now` must be an ISO 8601 timestamp or milliseconds", explain);
    if (session !== undefined && typeof session !== "string") return this.decisions.reserved(call, "$invalid-request", "`session` must be a string", explain);
    return now as number | undefined;
  }

  /** Decides a request that needs no session at `now`, or without one at the clock's time (read only if a rule asks). Never throws. */
  at(request: unknown, call: CallIdentity, now: number | undefined, explain: boolean): Decision {
    try {
      if (now !== undefined) return this.decided(call, request, { now }, explain);
      this.clockRead = null;
      return this.decided(call, request, this.clockView, explain);
    } catch (error) {
      return this.failed(call, error, explain);
    }
  }

  /** Evaluates a request against `view`: the decision, with the `redact` rules that apply; throws what the module throws. */
  decided(call: CallIdentity, request: unknown, view: SessionView | undefined, explain: boolean): Decision {
    const decision = this.decisions.fromOutcome(call, this.module.evaluate(request, view, explain), explain);
    return this.redactions === undefined ? decision : this.redactions(decision, request, view);
  }

  /** A policy that failed (threw) on a call: denied with `$error`. */
  failed(call: CallIdentity, error: unknown, explain: boolean): Decision {
    return this.decisions.reserved(call, "$error", `policy evaluation failed: ${describe(error)}`, explain);
  }
}
