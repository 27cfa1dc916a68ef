// An enforcer's reviews: approvals and rejections read once and applied in the store, logged, and where a review stands.
import type { LogEntry } from "../log/decision-log.js";
import type { Parts } from "./parts.js";
import { describe, plainCopy } from "../data/plain.js";
import type { ReviewState } from "../review/review.js";
import { runAsync, runSync, type Steps } from "../store/steps.js";
import { own } from "../evaluate/value-semantics.js";

/** A change to a review: the steps that apply it, and its log entry once applied. */
interface Change {
  readonly steps: Steps<ReviewState>;
  readonly entry: (state: ReviewState) => LogEntry;
}

/** Takes approvals and rejections of one enforcer's reviews, and says where they stand. */
export class Reviews {
  constructor(private readonly parts: Parts) {}

  /** Adds a signed approval to `review`; refusals come back as states, and nothing about the approval makes it throw. */
  approve(review: unknown, approval: unknown, synchronous: boolean): ReviewState | Promise<ReviewState> {
    return this.applied(this.approving(review, approval), "approve", synchronous);
  }

  /** Ends a pending review. */
  reject(review: unknown, rejection: unknown, synchronous: boolean): ReviewState | Promise<ReviewState> {
    return this.applied(this.rejecting(review, rejection), "reject", synchronous);
  }

  /** Where `review` stands. */
  status(review: string, synchronous: boolean): ReviewState | Promise<ReviewState> {
    return this.run(this.parts.desk.status(review, this.parts.reviewClock()), "review", synchronous);
  }

  /** Runs `steps` against a synchronous store, or any; a synchronous `method` throws when the store is asynchronous. */
  private run<T>(steps: Steps<T>, method: string, synchronous: boolean): T | Promise<T> {
    const { store, config } = this.parts;
    return synchronous ? runSync(steps, this.parts.syncStore(method), config) : runAsync(steps, store, config);
  }

  /** Applies a change in the store and logs it. */
  private applied({ steps, entry }: Change, method: string, synchronous: boolean): ReviewState | Promise<ReviewState> {
    const state = this.run(steps, method, synchronous);
    return state instanceof Promise ? state.then((s) => this.noted(entry(s), s)) : this.noted(entry(state), state);
  }

  /** Logs an approval or a rejection and what came of it; the store took it already, so a failing log is reported, not thrown. */
  private noted(entry: LogEntry, state: ReviewState): ReviewState {
    try {
      this.parts.log?.append(entry);
      return state;
    } catch (error) {
      return { ...state, reason: `${state.reason}; the decision log failed: ${describe(error)}` };
    }
  }

  /**
   * Approving: the approval read once into plain data before any check (a getter cannot answer one name to
   * the checks and another to the record), the steps that apply it, and its log entry. Never throws.
   */
  private approving(review: unknown, approval: unknown): Change {
    // INVARIANT (read-once): the checks, the stored review and the log entry all read this copy.
    const { value, problem } = plainCopy(approval, "approval");
    const { desk, reviewClock } = this.parts;
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
  }

  /** Rejecting, read once as approving is. */
  private rejecting(review: unknown, rejection: unknown): Change {
    // INVARIANT (read-once)
    const { value, problem } = plainCopy(rejection, "rejection");
    const by = own(value, "by");
    const reason = own(value, "reason");
    const { desk, reviewClock } = this.parts;
    const steps = problem === undefined ? desk.reject(review, by, reason, reviewClock()) : desk.refuse(review, `malformed rejection: ${problem}`);
    const entry = (state: ReviewState): LogEntry => ({ event: "rejection", review: typeof review === "string" ? review : state.review, by, reason, state });
    return { steps, entry };
  }
}
