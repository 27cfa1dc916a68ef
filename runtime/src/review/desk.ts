// Reviews over the store: holding a call for review, releasing an approved call exactly once, and taking approvals and rejections.
import type { Approval, Approvers } from "./approval.js";
import { canonicalJson } from "../data/canonical.js";
import type { Decision, PolicyModule, RuleInfo } from "../contract.js";
import {
  approve,
  malformedApproval,
  parseRecord,
  reject,
  stateOf,
  statusAt,
  unknownReview,
  type ReviewRecord,
  type ReviewState,
  type ReviewStatus,
} from "./review.js";
import { callEvent } from "../session/session.js";
import { sha256Hex } from "../data/sha256.js";
import { read, swap, transact, type Steps } from "../store/steps.js";
import type { Attempt } from "../store/store.js";

/** Tries at one change while other workers keep changing the same review. */
const TRIES = 16;
/** How long an ended review is kept past its expiry, so a late approval is refused with the reason rather than as unknown. */
const KEEP_MS = 3_600_000;

/** Where review `id` is kept among the policy's records (the review desk reads it to list reviews). */
export const reviewKey = (id: string): string => `review:${id}`;
const callKey = (digest: string): string => `call:${digest}`;

/** The digest that binds approvals to one exact call: the policy, the session, the tool and the canonical JSON of its arguments. */
export function callDigest(policyHash: string, session: string | undefined, tool: string, args: unknown): string {
  const text = canonicalJson({ policy: policyHash, session: session ?? null, tool, args: args ?? {} });
  return `sha256:${sha256Hex(text)}`;
}

declare const crypto: { randomUUID?(): string } | undefined;

/** A review id never used before: approvals sign it, so an approval of an ended review cannot be replayed on a new review of the same call. */
function freshId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from({ length: 4 }, () =>
    Math.floor(Math.random() * 2 ** 32)
      .toString(16)
      .padStart(8, "0"),
  ).join("-");
}

/** What the enforcer tells the desk about one review decision. */
export interface Held {
  readonly decision: Decision;
  readonly args: unknown;
  /** Milliseconds since the epoch: the request's time, else the clock's. */
  readonly now: number;
  /** Deciding the call against its session as the enforcer does, at the request's time: a released call enters history through it. */
  readonly again: { readonly now: number | undefined; readonly attempt: Attempt<Decision> };
}

/** What holding a call came to: the decision to return and, when a release was used up, the review (its call may still be denied on deciding again). */
export interface Settled {
  readonly decision: Decision;
  readonly released?: ReviewRecord;
}

/** Keeps the reviews of one policy. */
export class ReviewDesk {
  private readonly rules: ReadonlyMap<string, RuleInfo>;

  constructor(
    private readonly module: PolicyModule,
    private readonly approvers: Approvers,
    private readonly expiresMs: number,
  ) {
    this.rules = new Map(module.rules.map((r) => [r.name, r]));
  }

  /**
   * A review decision with the review it waits on (opened unless one for the same
   * call and rule is pending), or, when that review was released, the call allowed
   * once: the review is used up in one atomic change, then the call enters history
   * in a session transaction that decides it again (a limit filled meanwhile denies it; the release stays used).
   */
  *hold({ decision, args, now, again }: Held): Steps<Settled> {
    const info = this.rules.get(decision.rule)!;
    const tool = decision.tool!;
    const digest = callDigest(this.module.policyHash, decision.session, tool, args);
    for (let i = 0; i < TRIES; i++) {
      const { pointer, text, current, status } = yield* this.lookup(digest, decision.rule, now);
      if (current && status === "pending") return { decision: this.waiting(decision, current) };
      if (current && status === "released") {
        const used: ReviewRecord = { ...current, status: "used" };
        const changes = [
          { key: reviewKey(current.id), expected: text!, next: JSON.stringify(used) },
          { key: callKey(digest), expected: pointer!, next: null },
        ];
        if (!(yield* swap(changes, now, current.expiresAt + KEEP_MS))) continue;
        const event = decision.session === undefined ? undefined : callEvent(this.module.needs, decision.id, tool, args, now);
        if (!event) return { decision: this.allowed(decision, used), released: used };
        // Appending the call unchecked would let a limit another worker filled since the session was read overshoot.
        const done = yield* transact(decision.session!, again.now, (view, session) => {
          const tried = again.attempt(view, session);
          return tried.result.effect === "review" && tried.result.rule === decision.rule ? { result: this.allowed(tried.result, used), event } : tried;
        });
        if (done.invalid !== undefined) throw new Error(done.invalid);
        if (done.refused !== undefined) throw new Error(done.refused);
        return { decision: done.result, released: used };
      }
      const record: ReviewRecord = {
        id: freshId(),
        digest,
        rule: decision.rule,
        tool,
        ...(decision.session === undefined ? {} : { session: decision.session }),
        required: info.approvals?.required ?? 1,
        ...(info.approvals ? { from: info.approvals.from } : {}),
        openedAt: now,
        expiresAt: now + (info.expiresInMs ?? this.expiresMs),
        status: "pending",
        approvals: [],
      };
      const changes = [
        { key: callKey(digest), expected: pointer!, next: record.id },
        { key: reviewKey(record.id), expected: null, next: JSON.stringify(record) },
      ];
      if (yield* swap(changes, now, record.expiresAt + KEEP_MS)) return { decision: this.waiting(decision, record) };
    }
    throw new Error(`review of \`${tool}\` kept changing under other workers`);
  }

  /**
   * What `hold` would come to now, changing nothing: the decision with the review pending for its call (`approvals`),
   * the call allowed when that review was released (`approved`; the release is not used up), or the decision as it is
   * (without `approvals`) when `hold` would open a new review.
   */
  *peek(decision: Decision, args: unknown, now: number): Steps<Decision> {
    const { current, status } = yield* this.lookup(callDigest(this.module.policyHash, decision.session, decision.tool!, args), decision.rule, now);
    if (current && status === "pending") return this.waiting(decision, current);
    if (current && status === "released") return this.allowed(decision, current);
    return decision;
  }

  /** The review the call with `digest` points to, as stored (`text`, for a swap), and its status at `now` when it is for `rule`. */
  private *lookup(
    digest: string,
    rule: string,
    now: number,
  ): Steps<{ pointer: string | null; text: string | null; current: ReviewRecord | undefined; status: ReviewStatus | undefined }> {
    const [pointer] = yield* read([callKey(digest)]);
    const [text] = pointer === null ? [null] : yield* read([reviewKey(pointer!)]);
    const current = parseRecord(text ?? null);
    return { pointer: pointer ?? null, text: text ?? null, current, status: current?.rule === rule ? statusAt(current, now) : undefined };
  }

  /** Adds a signed approval, read already into plain data (`plainCopy`), to review `id`; refusals are reported, never thrown. */
  approve(id: unknown, approval: unknown, now: number): Steps<ReviewState> {
    const malformed = malformedApproval(id, approval);
    if (malformed !== undefined) return this.refuse(id, `malformed approval: ${malformed}`);
    return this.change(id as string, now, (record) => approve(record, approval as Approval, this.approvers, now));
  }

  /** Ends review `id`: its call is not released, whatever approvals come later. */
  reject(id: unknown, by: unknown, reason: unknown, now: number): Steps<ReviewState> {
    if (typeof id !== "string" || typeof by !== "string" || typeof reason !== "string") {
      return this.refuse(id, "a rejection needs the review id, who rejects (`by`) and a `reason`, all strings");
    }
    return this.change(id, now, (record) => reject(record, by, reason, now));
  }

  /** The refusal of an approval or rejection that is malformed, asking nothing of the store; `id` may be anything. */
  refuse(id: unknown, reason: string): Steps<ReviewState> {
    return done(unknownReview(typeof id === "string" ? id : `(a ${id === null ? "null" : typeof id}, not a review id)`, reason));
  }

  /** Where review `id` stands. */
  *status(id: string, now: number): Steps<ReviewState> {
    const [text] = yield* read([reviewKey(id)]);
    const record = parseRecord(text!);
    if (!record) return unknownReview(id);
    // A rejection's reason is what the waiting agent is told, so the status query carries it.
    const reason = record.status === "rejected" && record.rejected ? `rejected by \`${record.rejected.by}\`: ${record.rejected.reason}` : statusAt(record, now);
    return stateOf(record, now, true, reason);
  }

  private *change(id: string, now: number, apply: (record: ReviewRecord) => { next?: ReviewRecord; state: ReviewState }): Steps<ReviewState> {
    for (let i = 0; i < TRIES; i++) {
      const [text] = yield* read([reviewKey(id)]);
      const record = parseRecord(text!);
      if (!record) return unknownReview(id);
      const { next, state } = apply(record);
      if (!next) return state;
      if (yield* swap([{ key: reviewKey(id), expected: text!, next: JSON.stringify(next) }], now, next.expiresAt + KEEP_MS)) return state;
    }
    return { ...unknownReview(id), reason: `review \`${id}\` kept changing under other workers: try again` };
  }

  private waiting(decision: Decision, record: ReviewRecord): Decision {
    const from = record.from === undefined ? {} : { from: [...record.from] };
    return {
      ...decision,
      approvals: { review: record.id, digest: record.digest, required: record.required, ...from, expiresAt: new Date(record.expiresAt).toISOString() },
    };
  }

  private allowed(decision: Decision, record: ReviewRecord): Decision {
    const by = record.approvals.map((a) => a.approver);
    return {
      ...decision,
      effect: "allow",
      reason: `${decision.reason} (approved by ${by.join(", ")})`,
      approved: { review: record.id, digest: record.digest, by },
    };
  }
}

/** Steps that ask nothing of the store. */
// eslint-disable-next-line require-yield -- a generator that returns at once: the steps protocol's empty case.
function* done<T>(value: T): Steps<T> {
  return value;
}
