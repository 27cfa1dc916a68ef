// `guard`: one tool call through the enforcer in the one right order: decide, hold for review, run, void on failure, redact, record.
import type { Decision, Request } from "../contract.js";
import type { Enforcer } from "../enforcer/enforcer.js";
import type { ReviewState } from "../review/review.js";

/** What `guard` uses of an `AbortSignal` (the runtime is built without any platform's types; a DOM or Node signal fits). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

// Every JavaScript platform has timers; the runtime declares only what it uses.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(timer: unknown): void;

/** How `guard` treats a call held for review. */
export type ReviewWait =
  /** Return `pending` at once, with the review to approve (the default). */
  | "return"
  /** Wait for the review to be released (then run the call), rejected or expired, polling its state every `pollMs`; `signal` ends the wait. */
  | { readonly wait: true; readonly pollMs?: number };

/** One tool call for `guard`: the request, the tool to run when it may, and how to wait. */
export interface GuardCall<T> extends Request {
  /** Runs the tool; called only once the call is allowed. Its output is redacted for the caller and recorded. */
  readonly run: (call: { readonly decision: Decision; readonly signal?: AbortSignalLike }) => T | Promise<T>;
  /** Labels recorded with the output, besides the tool's `returns` label. */
  readonly labels?: readonly string[];
  readonly review?: ReviewWait;
  /** Told once when the call is held and `guard` starts waiting for the review's release (to tell whoever waits which review to approve). */
  readonly onHold?: (decision: Decision) => void;
  /** Ends a wait for review (`guard` then returns `pending`), and is handed to `run`. */
  readonly signal?: AbortSignalLike;
}

/** What came of a guarded call. Only `ok` ran the tool to the end; only `ok` has an output, the redacted one. */
export type GuardResult =
  /** Allowed and run: `output` with the fields `redact` rules name replaced (`redacted` lists them); the full output was recorded. */
  | { readonly status: "ok"; readonly output: unknown; readonly redacted: readonly string[]; readonly decision: Decision }
  /** Denied by the policy, or held for a review that was rejected or expired (`review` then says so). The tool did not run. */
  | { readonly status: "denied"; readonly decision: Decision; readonly review?: ReviewState }
  /** Held for a review still pending (not waited for, or the wait was cancelled). The tool did not run. */
  | { readonly status: "pending"; readonly decision: Decision; readonly review: ReviewState }
  /**
   * The tool threw (`step: "tool"`; the call was voided, unless voiding failed: `voidError`); its output could not be
   * recorded (`step: "record"`; the output is withheld, since provenance could not see it); or the review could not be
   * read (`step: "review"`, the store failing; the tool did not run).
   */
  | {
      readonly status: "failed";
      readonly decision: Decision;
      readonly step: "review" | "tool" | "record";
      readonly error: unknown;
      readonly voidError?: unknown;
    };

const POLL_MS = 500;

/**
 * Guards one tool call: decides it; for a review, returns `pending` or waits for its release (bounded by the review's
 * expiry, ended by `signal`); runs the tool; voids the call if the tool throws, so a retry is decided as if it never ran;
 * redacts the output; records the full output with its labels. Works with synchronous and asynchronous stores. Never
 * throws: everything that goes wrong is a result.
 */
export async function guard<T>(enforcer: Enforcer, call: GuardCall<T>): Promise<GuardResult> {
  const { run, labels, review, signal, onHold, ...request } = call;
  let decision = await enforcer.decideAsync(request);
  if (decision.effect === "review") {
    const held = decision;
    try {
      const wait = review !== undefined && review !== "return";
      if (wait) onHold?.(held);
      const state = wait ? await released(enforcer, held, review.pollMs ?? POLL_MS, signal) : await enforcer.reviewAsync(reviewOf(held));
      if (state.status === "pending") return { status: "pending", decision: held, review: state };
      if (state.status !== "released") return { status: "denied", decision: held, review: state };
      // Deciding the call again uses the release: it may still be denied (a limit filled up meanwhile) or held again.
      decision = await enforcer.decideAsync(request);
      if (decision.effect === "review") return { status: "pending", decision, review: await enforcer.reviewAsync(reviewOf(decision)) };
    } catch (error) {
      return { status: "failed", decision: held, step: "review", error };
    }
  }
  if (decision.effect !== "allow") return { status: "denied", decision };
  let output: T;
  try {
    output = await run(signal === undefined ? { decision } : { decision, signal });
  } catch (error) {
    return voided(enforcer, decision, error);
  }
  try {
    const shown = enforcer.redact(decision, output);
    if (decision.session !== undefined) await enforcer.recordAsync(decision, output, labels === undefined ? {} : { labels });
    return { status: "ok", output: shown.output, redacted: shown.redacted, decision };
  } catch (error) {
    return { status: "failed", decision, step: "record", error };
  }
}

/** Voids a call whose tool threw; a call outside any session left nothing to void. */
async function voided(enforcer: Enforcer, decision: Decision, error: unknown): Promise<GuardResult> {
  if (decision.session === undefined) return { status: "failed", decision, step: "tool", error };
  try {
    await enforcer.abandonAsync(decision);
    return { status: "failed", decision, step: "tool", error };
  } catch (voidError) {
    return { status: "failed", decision, step: "tool", error, voidError };
  }
}

/** The review a `review` decision opened. */
function reviewOf(decision: Decision): string {
  return decision.approvals?.review ?? "";
}

/**
 * Polls the review until it is no longer pending, its expiry (by this process's clock) passes, or `signal` aborts:
 * its last state.
 */
async function released(enforcer: Enforcer, decision: Decision, pollMs: number, signal: AbortSignalLike | undefined): Promise<ReviewState> {
  const id = reviewOf(decision);
  const expiresAt = Date.parse(decision.approvals?.expiresAt ?? "");
  for (;;) {
    // The clock is read before the review is asked, so a review asked at or after its expiry answers `expired` (the
    // enforcer reads its clock later) rather than a last `pending` read a moment before the expiry.
    const asked = Date.now();
    const state = await enforcer.reviewAsync(id);
    if (state.status !== "pending" || signal?.aborted === true || !(asked < expiresAt)) return state;
    await pause(Math.min(pollMs, expiresAt - Date.now()), signal);
  }
}

/** Waits `ms`, or less if `signal` aborts. */
function pause(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}
