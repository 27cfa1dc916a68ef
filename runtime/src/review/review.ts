// A pending review as the store keeps it, and the pure rules for approving, rejecting and using it.
import { approvalMessage, type Approval, type Approvers } from "./approval.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** Where a review stands. `used`: released, and the released call has run. */
export type ReviewStatus = "pending" | "released" | "rejected" | "used" | "expired";

/** One accepted approval. */
export interface Approved {
  readonly approver: string;
  readonly signature: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** A review, bound to one exact call by its digest. */
export interface ReviewRecord {
  readonly id: string;
  readonly digest: string;
  readonly rule: string;
  readonly tool: string;
  readonly session?: string;
  readonly required: number;
  /** The approvers the rule lists; absent when it lists none: then any registered approver may approve. */
  readonly from?: readonly string[];
  readonly openedAt: number;
  readonly expiresAt: number;
  readonly status: "pending" | "released" | "rejected" | "used";
  readonly approvals: readonly Approved[];
  readonly rejected?: { readonly by: string; readonly reason: string; readonly at: number };
}

/** What an approval, a rejection or a status query found. */
export interface ReviewState {
  /** Whether the approval or rejection was taken (always true for a status query of a known review). */
  readonly ok: boolean;
  readonly review: string;
  readonly status: ReviewStatus | "unknown";
  /** Why it was refused, or what happened. */
  readonly reason: string;
  readonly approvers: readonly string[];
  readonly required: number;
  /** ISO 8601. */
  readonly expiresAt?: string;
}

/** The status of `record` at `now`: a pending or released review past its expiry has expired. */
export function statusAt(record: ReviewRecord, now: number): ReviewStatus {
  return (record.status === "pending" || record.status === "released") && now >= record.expiresAt ? "expired" : record.status;
}

/** A state report about `record`. */
export function stateOf(record: ReviewRecord, now: number, ok: boolean, reason: string): ReviewState {
  return {
    ok,
    review: record.id,
    status: statusAt(record, now),
    reason,
    approvers: record.approvals.map((a) => a.approver),
    required: record.required,
    expiresAt: new Date(record.expiresAt).toISOString(),
  };
}

/** The report for an id the store does not hold. */
export function unknownReview(id: string, reason = `no review \`${id}\` is held: it was never opened, or it ended and was forgotten`): ReviewState {
  return { ok: false, review: id, status: "unknown", reason, approvers: [], required: 0 };
}

/** Why an approval given as untrusted JSON is malformed, if it is. */
export function malformedApproval(id: unknown, approval: unknown): string | undefined {
  if (typeof id !== "string") return "the review id must be a string";
  if (!isRecord(approval)) return "an approval must be an object with `approver`, `digest` and `signature`";
  for (const key of ["approver", "digest", "signature"]) {
    if (typeof approval[key] !== "string") return `the approval's \`${key}\` must be a string`;
  }
  if (approval.review !== undefined && approval.review !== id)
    return `the approval is for review \`${typeof approval.review === "string" ? approval.review : JSON.stringify(approval.review)}\`, not \`${id}\``;
  return undefined;
}

/** Why `record` takes no more approvals or rejections at `now`, if it does not. */
function closed(record: ReviewRecord, now: number): string | undefined {
  switch (statusAt(record, now)) {
    case "pending":
      return undefined;
    case "released":
      return `review \`${record.id}\` is released already`;
    case "used":
      return `review \`${record.id}\` was released and its call has run: a new call needs a new review`;
    case "rejected":
      return `review \`${record.id}\` was rejected by \`${record.rejected!.by}\`: ${record.rejected!.reason}`;
    case "expired":
      return `review \`${record.id}\` expired at ${new Date(record.expiresAt).toISOString()}`;
  }
}

/**
 * Applies a well-formed approval: the record with it added (released once the
 * quorum is reached), or why it is refused. `keys` are the registered approvers.
 */
export function approve(record: ReviewRecord, approval: Approval, approvers: Approvers, now: number): { next?: ReviewRecord; state: ReviewState } {
  const refuse = (reason: string): { state: ReviewState } => ({ state: stateOf(record, now, false, reason) });
  const ended = closed(record, now);
  if (ended !== undefined) return refuse(ended);
  if (approval.digest !== record.digest)
    return refuse(`the approval is for another call (digest \`${approval.digest}\`): review \`${record.id}\` holds \`${record.digest}\``);
  if (!approvers.has(approval.approver)) return refuse(`unknown approver \`${approval.approver}\`: no public key is registered under that name`);
  if (record.from !== undefined && !record.from.includes(approval.approver)) {
    return refuse(
      `\`${approval.approver}\` may not approve rule \`${record.rule}\`: its approvers are ${record.from.map((n) => `\`${n}\``).join(", ") || "none"}`,
    );
  }
  if (!approvers.verify(approval.approver, approvalMessage(record.id, approval.digest, approval.approver), approval.signature))
    return refuse(`bad signature: \`${approval.approver}\`'s key did not sign this review and digest`);
  if (record.approvals.some((a) => a.approver === approval.approver)) return refuse(`\`${approval.approver}\` approved review \`${record.id}\` already`);
  const approvals = [...record.approvals, { approver: approval.approver, signature: approval.signature, at: now }];
  const released = approvals.length >= record.required;
  const next: ReviewRecord = { ...record, approvals, status: released ? "released" : "pending" };
  const reason = released
    ? `released: approved by ${approvals.map((a) => a.approver).join(", ")}`
    : `approved by \`${approval.approver}\`: ${approvals.length} of ${record.required}`;
  return { next, state: stateOf(next, now, true, reason) };
}

/** Ends a pending review: the record rejected, or why it cannot be. */
export function reject(record: ReviewRecord, by: string, reason: string, now: number): { next?: ReviewRecord; state: ReviewState } {
  const ended = closed(record, now);
  if (ended !== undefined) return { state: stateOf(record, now, false, ended) };
  const next: ReviewRecord = { ...record, status: "rejected", rejected: { by, reason, at: now } };
  return { next, state: stateOf(next, now, true, `rejected by \`${by}\`: ${reason}`) };
}

/** Parses a record the store holds; undefined for anything else (a store is trusted, but a foreign key is not a review). */
export function parseRecord(text: string | null): ReviewRecord | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) && typeof value.id === "string" && typeof value.digest === "string" && Array.isArray(value.approvals)
      ? (value as unknown as ReviewRecord)
      : undefined;
  } catch {
    return undefined;
  }
}
